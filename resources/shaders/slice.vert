#version 330 core
// One instance per brick: a screen rectangle (pixels, top-left origin) drawn as a triangle strip.
layout(location = 0) in vec4 aRect;       // x0, y0, x1, y1 in pixels
layout(location = 1) in vec2 aOffset;     // brick mag-1 origin minus view origin, along u and v
layout(location = 2) in ivec3 aSlot;      // slot offset inside the page texture (x, y, z)
layout(location = 3) in ivec3 aExtentUVW; // brick extent along u and v, and the slice index along w
layout(location = 4) in float aDepth;     // finer mags nearer: coarse data never covers fine data
layout(location = 5) in int aFill;        // 1: known-absent brick, draw the fill value

uniform vec2 uViewport;
uniform float uZoom;   // mag-1 voxels per pixel
uniform vec2 uMagUV;   // mag factors along u and v

// The brick voxel (of its mag) under a pixel is linear in the pixel position: interpolate it
// instead of computing it per fragment (the fragment shader is llvmpipe's hot loop).
noperspective out vec2 vVoxel;
flat out ivec3 vSlot;
flat out ivec3 vExtentUVW;
flat out int vFill;

// The rectangle is placed this fraction of a pixel up and left of its voxels, so a pixel centre
// exactly on a brick's edge lies inside the brick that starts there, whatever the rasteriser's fill
// rule (llvmpipe gives a centre on a horizontal edge to the brick above); slice.frag's bias makes
// centres on voxel boundaries inside a brick choose the same way.
const float kSampleShift = 1.0 / 256.0;

void main() {
  vec2 corner = vec2((gl_VertexID & 1) != 0 ? aRect.z : aRect.x, (gl_VertexID & 2) != 0 ? aRect.w : aRect.y);
  vec2 placed = corner - vec2(kSampleShift);
  vec2 ndc = vec2(placed.x / uViewport.x * 2.0 - 1.0, 1.0 - placed.y / uViewport.y * 2.0);
  gl_Position = vec4(ndc, aDepth, 1.0);
  vVoxel = (corner * uZoom - aOffset) / uMagUV;
  vSlot = aSlot;
  vExtentUVW = aExtentUVW;
  vFill = aFill;
}
