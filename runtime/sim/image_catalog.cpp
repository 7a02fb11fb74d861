#include "runtime/sim/image_catalog.h"

#include <cstdio>

namespace k8slab::runtime::sim {

namespace {

constexpr std::int64_t kMiB = 1024 * 1024;
const std::vector<std::string> kMultiArch = {"linux/amd64", "linux/arm64"};

std::vector<CatalogImage> builtinImages()
{
    std::vector<CatalogImage> images;
    auto add = [&](std::string repo, std::vector<std::string> tags, std::int64_t size, std::vector<std::string> platforms,
                   std::vector<std::string> entrypoint, std::vector<std::string> cmd, std::string behaviour) {
        for (std::string &tag : tags)
            images.push_back({repo, tag, size, platforms, entrypoint, cmd, behaviour});
    };
    add("docker.io/library/nginx", {"1.25", "1.26", "1.27", "latest", "alpine"}, 72 * kMiB, kMultiArch,
        {"/docker-entrypoint.sh"}, {"nginx", "-g", "daemon off;"}, "nginx");
    add("docker.io/library/busybox", {"1.28", "1.35", "1.36", "1.37", "latest"}, 2 * kMiB, kMultiArch, {}, {"sh"}, "");
    add("docker.io/library/alpine", {"3.19", "3.20", "3.21", "latest"}, 4 * kMiB, kMultiArch, {}, {"/bin/sh"}, "");
    add("docker.io/library/redis", {"7", "7.4", "latest"}, 45 * kMiB, kMultiArch, {"docker-entrypoint.sh"},
        {"redis-server"}, "redis");
    add("docker.io/library/httpd", {"2.4", "latest"}, 58 * kMiB, kMultiArch, {}, {"httpd-foreground"}, "httpd");
    add("docker.io/library/php", {"8.3-apache", "8.4-apache"}, 180 * kMiB, kMultiArch, {"docker-php-entrypoint"},
        {"apache2-foreground"}, "httpd");
    add("docker.io/library/python", {"3.12-slim", "3.13-slim"}, 49 * kMiB, kMultiArch, {}, {"python3"}, "");
    add("registry.k8s.io/pause", {"3.9", "3.10"}, 1 * kMiB, kMultiArch, {"/pause"}, {}, "pause");
    add("registry.k8s.io/e2e-test-images/agnhost", {"2.52"}, 52 * kMiB, kMultiArch, {"/agnhost"}, {"pause"}, "pause");
    // Kubernetes' HPA walkthrough: php-apache burning CPU on every request.
    add("registry.k8s.io/hpa-example", {"latest"}, 156 * kMiB, kMultiArch, {"docker-php-entrypoint"},
        {"apache2-foreground"}, "hpa-example");
    // CPU burners and memory hogs (the "Assign CPU/Memory Resources" pages use the first two).
    add("docker.io/polinux/stress", {"latest", "1.0.4"}, 4 * kMiB, kMultiArch, {}, {"stress", "--help"}, "");
    add("docker.io/vish/stress", {"latest"}, 3 * kMiB, {"linux/amd64"}, {"/stress"}, {"-logtostderr"}, "");
    add("docker.io/alexeiled/stress-ng", {"latest"}, 9 * kMiB, kMultiArch, {"/stress-ng"}, {"--help"}, "");
    // For the platform lesson: an image built for arm64 only.
    add("docker.io/k8slab/arm64-only", {"1.0"}, 10 * kMiB, {"linux/arm64"}, {}, {"sh"}, "");
    return images;
}

} // namespace

std::string CatalogImage::digest() const
{
    // FNV-1a over the reference, stretched to 32 bytes: stable across runs and builds.
    std::string out = "sha256:";
    std::uint64_t h = 14695981039346656037ULL;
    const std::string ref = reference();
    for (int block = 0; block < 4; ++block) {
        for (char c : ref + std::to_string(block)) {
            h ^= static_cast<unsigned char>(c);
            h *= 1099511628211ULL;
        }
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
        out += hex;
    }
    return out;
}

const ImageCatalog &ImageCatalog::builtin()
{
    static const ImageCatalog catalog = [] {
        ImageCatalog c;
        c.m_images = builtinImages();
        return c;
    }();
    return catalog;
}

ImageCatalog::Reference ImageCatalog::split(const std::string &image)
{
    Reference ref;
    std::string name = image;
    if (const auto at = name.find('@'); at != std::string::npos) {
        ref.digest = name.substr(at + 1);
        name = name.substr(0, at);
    } else {
        const auto colon = name.rfind(':');
        const auto slash = name.rfind('/');
        if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
            ref.tag = name.substr(colon + 1);
            name = name.substr(0, colon);
        } else {
            ref.tag = "latest";
        }
    }
    const auto slash = name.find('/');
    const std::string first = slash == std::string::npos ? std::string() : name.substr(0, slash);
    const bool hasRegistry = first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost";
    ref.repository = hasRegistry ? name : "docker.io/" + (slash == std::string::npos ? "library/" + name : name);
    return ref;
}

std::string ImageCatalog::normalize(const std::string &image)
{
    const Reference ref = split(image);
    return ref.repository + (ref.digest.empty() ? ":" + ref.tag : "@" + ref.digest);
}

const CatalogImage *ImageCatalog::find(const std::string &image) const
{
    const std::string ref = normalize(image);
    for (const CatalogImage &i : m_images) {
        if (i.reference() == ref)
            return &i;
        if (ref.find('@') != std::string::npos && ref == i.repository + "@" + i.digest())
            return &i;
    }
    return nullptr;
}

} // namespace k8slab::runtime::sim
