#pragma once
// Keeping secrets out of logs and error messages: URLs lose credential query values and user
// info; free text loses every occurrence of the secrets it is given.

#include <QString>
#include <QUrl>

#include <string>
#include <vector>

namespace skein::client {

// The URL with user info removed and the values of credential parameters (token, sharingToken,
// userToken, accessToken, password, key) replaced by "***".
QString redactUrl(const QUrl& url);

// `text` with each non-empty secret replaced by "***".
std::string scrubSecrets(std::string text, const std::vector<std::string>& secrets);

}  // namespace skein::client
