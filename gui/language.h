#pragma once

#include <QString>

namespace k8slab::gui {

/// The language the lab starts in: Chinese (zh_CN) when the system locale is Chinese,
/// English otherwise.
QString systemLanguage();

/// Makes `language` ("zh_CN" or "en") the application's: installs its translations
/// (compiled into the app) and remembers it. Widgets made afterwards speak it. Returns
/// false for a language the lab has no translation of (English stays).
bool useLanguage(const QString &language);

/// The language in use.
QString currentLanguage();

} // namespace k8slab::gui
