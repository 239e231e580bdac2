// Helpers shared by the informer integration tests: what the handlers were told, and the
// server's truth from a fresh list, both as name → resourceVersion.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "kube/informer.h"
#include "kube/rest_client.h"

namespace kro::itest {

using Versions = std::map<std::string, std::string>;

// Mirrors the collection from handler calls alone.
class HandlerMirror {
 public:
  kube::EventHandlers handlers();
  Versions snapshot() const;
  int deletes() const;

 private:
  mutable std::mutex mu_;
  Versions seen_;
  int deletes_ = 0;
};

Versions versions_of_store(const kube::Informer& informer);
// A fresh list (all pages) of configmaps in ns matching selector; empty map plus a test
// failure when the list fails.
Versions versions_on_server(const kube::RestClient& client, const std::string& ns,
                            const std::string& selector);

}  // namespace kro::itest
