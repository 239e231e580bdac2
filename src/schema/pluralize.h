// English pluralization with the rules of the Go package github.com/gobuffalo/flect v1.0.3,
// which upstream kro uses to name generated CRDs (plural = Pluralize(lowercase(kind))). A CRD's
// plural is part of its name and its REST path, so it must match upstream exactly, including
// flect's quirks (index → indices, person → people, data → data, status → statuses).
//
// Order of decisions, as flect's Pluralize: an exact dictionary entry for the whole word; a
// word that is already a known plural stays as it is; a dictionary entry for the last word part
// (keeping its capitalisation); the first matching suffix rule; a word ending in "s" stays; else
// "s" is appended.
#pragma once

#include <string>
#include <string_view>

namespace kro::schema {

std::string pluralize(std::string_view word);

// The CRD plural of a kind: pluralize(lowercase(kind)).
std::string kind_plural(std::string_view kind);

}  // namespace kro::schema
