#pragma once
// Logging categories of the client module. Enable with QT_LOGGING_RULES="skein.client.*=true".
// Nothing logged here ever contains a token: URLs go through redactUrl(), headers are not logged.

#include <QLoggingCategory>

namespace skein::client {
Q_DECLARE_LOGGING_CATEGORY(lcHttp)    // skein.client.http: one line per request, retry, redirect
Q_DECLARE_LOGGING_CATEGORY(lcClient)  // skein.client: negotiation, token refresh, save queue
}  // namespace skein::client
