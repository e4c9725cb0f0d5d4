#pragma once
// A read-only store over a zip archive (libzip). Several threads may read at once: each borrows
// its own libzip handle from a small pool, because one zip_t must not be used concurrently.

#include <QString>

#include "core/store/Store.h"

namespace skein {

// Opens the zip file at `path`; an unreadable or corrupt archive is an error naming the path.
Result<StorePtr> openZipStore(const QString& path);

// Opens a zip held in memory (e.g. an annotation zip downloaded from a server).
Result<StorePtr> openZipFromBytes(QByteArray bytes, std::string name = "zip in memory");

}  // namespace skein
