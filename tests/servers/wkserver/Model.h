#pragma once
// The test server's access rules and the JSON shapes it answers with (those of the recorded
// webKnossos v12 traffic). Stored documents (Seed.cpp) are plain JSON:
//   users       {id,email,password,firstName,lastName,organization,isAdmin,isDatasetManager,token,teams:[{id,isTeamManager}]}
//   teams       {id,name,organization,isOrganizationTeam}
//   folders     {id,name,parent,metadata,allowedTeams:[ids]}
//   datasets    {id,name,directoryName,organization,isPublic,isActive,description,folderId,tags,metadata,
//                allowedTeams:[ids],sharingToken,created,dataLayers,scale,dataDir?}  (dataDir: voxels, DataTree.h)
//   annotations {id,name,description,typ,state,ownerId,datasetId,visibility,teams:[ids],tags,modified,
//                layers:[{tracingId,typ,name}],version,fileName,fileContentType,fileBase64}
//   zarrLinks   {id,annotation,accessToken,expirationDateTime}
//   shortLinks  {_id,key,longLink}
//   uploads     {uploadId,name,organization,totalFileCount,…,userId}; uploadFiles {uploadId,path,totalChunks,totalSize}

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/servers/wkserver/Store.h"

namespace wk {

using OptUser = std::optional<json>;

bool inTeam(const OptUser& user, const std::string& teamId);
bool isOwner(const json& annotation, const OptUser& user);

bool canReadDataset(Store& store, const json& dataset, const OptUser& user, const std::string& sharingToken);
bool canEditDataset(const json& dataset, const OptUser& user);
bool canReadAnnotation(const json& annotation, const OptUser& user);
bool canUpdateAnnotation(const json& annotation, const OptUser& user);

json teamJson(const json& team);
json teamsJson(Store& store, const json& teamIds);
json userJson(Store& store, const json& user);
json ownerJson(Store& store, const json& user);  // the annotation "owner"/"user" object
json folderJson(Store& store, const json& folder);
json folderTreeEntry(const json& folder);
json dataSourceJson(const json& dataset);
json datasetJson(Store& store, const json& dataset, const OptUser& user, const std::string& baseUrl);
json datasetCompactJson(const json& dataset, const OptUser& user);
json annotationJson(Store& store, const json& annotation, const OptUser& user, const std::string& baseUrl);
json annotationCompactJson(Store& store, const json& annotation);
json zarrLinkJson(const json& link);

long long nowMs();

}  // namespace wk
