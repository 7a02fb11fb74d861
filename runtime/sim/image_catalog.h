#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace k8slab::runtime::sim {

/// An image the simulated registry serves: one tag of one repository.
struct CatalogImage {
    std::string repository;              ///< "docker.io/library/nginx".
    std::string tag;                     ///< "1.27".
    std::int64_t sizeBytes = 0;          ///< Compressed size (what a pull transfers).
    std::vector<std::string> platforms;  ///< "linux/amd64", "linux/arm64".
    std::vector<std::string> entrypoint; ///< ENTRYPOINT.
    std::vector<std::string> cmd;        ///< CMD.
    std::string behaviour;               ///< "nginx", "pause" or "" (runs its command).

    /// "repository:tag".
    [[nodiscard]] std::string reference() const { return repository + ":" + tag; }
    /// A stable digest derived from the reference ("sha256:<64 hex>").
    [[nodiscard]] std::string digest() const;
};

/// The registry the simulated runtime pulls from: common images with sizes, platforms
/// (multi-arch indexes where the real image has them) and default commands.
class ImageCatalog {
public:
    /// The built-in catalog.
    static const ImageCatalog &builtin();
    /// The image a reference names ("nginx", "nginx:1.27", "docker.io/library/nginx@sha256:…"), or null.
    [[nodiscard]] const CatalogImage *find(const std::string &image) const;
    /// An image reference's parts, normalized as Docker does.
    struct Reference {
        std::string repository; ///< "docker.io/library/nginx" (the registry host first).
        std::string tag;        ///< "1.27" ("latest" when none is given and no digest).
        std::string digest;     ///< "sha256:…" when the reference names one (then no tag).
        /// The registry's host ("docker.io", "registry.k8s.io").
        [[nodiscard]] std::string host() const { return repository.substr(0, repository.find('/')); }
        /// The repository's path on that host ("library/nginx").
        [[nodiscard]] std::string path() const { return repository.substr(repository.find('/') + 1); }
    };
    /// Splits a reference: "nginx" → docker.io/library/nginx, tag latest.
    static Reference split(const std::string &image);
    /// Docker's normalization: "nginx" → "docker.io/library/nginx:latest".
    static std::string normalize(const std::string &image);
    /// Every image.
    [[nodiscard]] const std::vector<CatalogImage> &images() const { return m_images; }

private:
    std::vector<CatalogImage> m_images;
};

} // namespace k8slab::runtime::sim
