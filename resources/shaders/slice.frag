#version 330 core
// Samples one brick of one layer for the pixels of its screen rectangle. Voxel lookup uses
// integer texel fetches, so with interpolation off a pixel shows exactly one voxel's value.
//
// Compiled in variants (SliceRenderer puts the #defines after the #version line): llvmpipe runs
// both sides of a branch and masks the results, so a runtime switch between the colour and the
// segmentation path, or with and without interpolation or gamma, would cost every pixel all of
// them. SKEIN_SEGMENTATION: segment ids; else colour, with SKEIN_INTERPOLATE (trilinear) and
// SKEIN_GAMMA (gamma other than 1).
noperspective in vec2 vVoxel;  // brick voxel coordinates along u and v (continuous)
flat in ivec3 vSlot;
flat in ivec3 vExtentUVW;
flat in int vFill;

uniform ivec3 uAxes;        // texture axis (0 x, 1 y, 2 z) of screen u, screen v, depth w
uniform ivec3 uAxisU;       // the same as unit vectors in texture space
uniform ivec3 uAxisV;
uniform ivec3 uAxisW;
uniform sampler3D uPage;
uniform usampler3D uIdPage;
uniform vec3 uPageSize;
// colour
uniform float uValueScale;
uniform float uMin;
uniform float uMax;
uniform float uGamma;
uniform float uOpacity;
uniform vec3 uTint;
uniform int uInvert;
uniform int uChannels;
uniform vec4 uFillValue;
// segmentation
uniform uvec2 uFillId;
uniform uvec2 uHovered;
uniform uvec2 uSelected;

out vec4 fragColor;

vec3 idColor(uvec2 id) {
  uint h = id.x ^ (id.y * 0x9E3779B1u);
  h ^= h >> 16; h *= 0x7feb352du; h ^= h >> 15; h *= 0x846ca68bu; h ^= h >> 16;
  return vec3(float(h & 255u), float((h >> 8) & 255u), float((h >> 16) & 255u)) / 255.0;
}

// A pixel centre exactly on a voxel boundary (at zoom 2 with an odd position every one is) shows the
// voxel that starts there, as floor() of the exact coordinate would. Without the bias the float
// error of the interpolated coordinate decided, differently from brick to brick (seams). The GL
// fill rule hands a centre on a brick's edge to the brick starting there, which agrees. 1/256 of a
// voxel is far above that error and far below anything visible.
const float kBoundaryBias = 1.0 / 256.0;

void main() {
  // The rectangle is exactly the brick's valid extent: clamping only absorbs rounding at its edges.
  ivec2 iv = clamp(ivec2(floor(vVoxel + kBoundaryBias)), ivec2(0), vExtentUVW.xy - 1);
  ivec3 t = vSlot + uAxisU * iv.x + uAxisV * iv.y + uAxisW * vExtentUVW.z;

#ifdef SKEIN_SEGMENTATION
  uvec2 id = vFill == 1 ? uFillId : texelFetch(uIdPage, t, 0).rg;
  if (id == uvec2(0u)) { fragColor = vec4(0.0); return; }
  vec3 c = idColor(id);
  float a = uOpacity;
  if (id == uSelected) { c = mix(c, vec3(1.0), 0.25); a = min(1.0, a + 0.3); }
  if (id == uHovered) { c = mix(c, vec3(1.0), 0.4); a = min(1.0, a + 0.2); }
  fragColor = vec4(c, a);
#else
  vec4 raw;
  if (vFill == 1) {
    raw = uFillValue;
  } else {
#ifdef SKEIN_INTERPOLATE
    vec2 cu = clamp(vVoxel, vec2(0.5), vec2(vExtentUVW.xy) - 0.5);
    vec3 tc = vec3(uAxes.x == 0 ? cu.x : (uAxes.y == 0 ? cu.y : float(vExtentUVW.z) + 0.5),
                   uAxes.x == 1 ? cu.x : (uAxes.y == 1 ? cu.y : float(vExtentUVW.z) + 0.5),
                   uAxes.x == 2 ? cu.x : (uAxes.y == 2 ? cu.y : float(vExtentUVW.z) + 0.5));
    raw = texture(uPage, (vec3(vSlot) + tc) / uPageSize) * uValueScale;
#else
    raw = texelFetch(uPage, t, 0) * uValueScale;
#endif
  }
  float range = max(uMax - uMin, 1e-20);
  vec3 v = uChannels >= 3 ? raw.rgb : vec3(raw.r);
  v = clamp((v - vec3(uMin)) / range, 0.0, 1.0);
  v = mix(v, 1.0 - v, float(uInvert));
#ifdef SKEIN_GAMMA
  v = pow(v, vec3(uGamma));
#endif
  fragColor = vec4(v * uTint * uOpacity, 1.0);
#endif
}
