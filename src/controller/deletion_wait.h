// What holds a deletion back, said in one line (a kro-cpp extension beyond upstream kro v0.9.4,
// upstream issue #1252): an instance whose apply-order wave waits on children that are still
// present, and an RGD whose deletion waits on the instances of its kind (upstream #1067, PR
// #1218). Pure functions, so that the wording is unit-tested:
//
//   waiting for ConfigMap default/app (finalizer example.com/cleanup) for 4m
//   waiting for 2 instances of Application to be deleted: default/a, default/b for 1m
//
// "Since when" is derived from the objects (their deletionTimestamp, the RGD's own), never from
// this process's memory, so it survives a restart and reads the same from every reconcile.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/json.h"

namespace kro::controller {

// The ResourcesReady reason (instances) while a wave waits, as upstream words it, and the reason
// once the wait has lasted longer than the warning threshold. The switch is also the record, in
// the object itself, that the Warning Event was emitted: a restarted controller does not emit it
// again.
inline constexpr std::string_view kReasonUnderDeletion = "UnderDeletion";
inline constexpr std::string_view kReasonDeletionStalled = "DeletionStalled";
// The RGD's Ready reason while its deletion waits on instances (Ready is False then).
inline constexpr std::string_view kReasonWaitingForInstances = "WaitingForInstances";

// How many blockers a message names before "and N more".
inline constexpr std::size_t kMaxNamedBlockers = 3;

// One object a deletion waits for.
struct DeletionBlocker {
  std::string kind;
  std::string namespace_;  // "" for a cluster-scoped object
  std::string name;
  std::vector<std::string> finalizers;
  std::string deletion_timestamp;  // RFC 3339; "" while the object is not terminating
};

// The blocker for `object` (any Kubernetes object), of kind `kind` (list items carry none).
DeletionBlocker deletion_blocker_of(const Json& object, std::string kind);

// The earliest deletionTimestamp among `blockers`: when the wave started waiting. nullopt when
// none is terminating yet.
std::optional<std::chrono::system_clock::time_point> waiting_since(
    const std::vector<DeletionBlocker>& blockers);

// How long since `since`, in whole seconds, never negative (clocks differ a little).
std::chrono::seconds waited(std::chrono::system_clock::time_point since,
                            std::chrono::system_clock::time_point now);

// A wait, coarser the longer it is, so that the message changes rarely: "45s" under a minute,
// "4m" under an hour, "1h5m" (or "2h") under a day, "3d4h" (or "3d") beyond.
std::string format_wait(std::chrono::seconds d);

// "ConfigMap default/app (finalizer example.com/cleanup)", "Namespace team-a (finalizers a, b)",
// or without the kind when `with_kind` is false ("default/app"); no parenthesis without
// finalizers.
std::string describe_blocker(const DeletionBlocker& b, bool with_kind = true);

// "waiting for A, B, C and 2 more for 4m": the first kMaxNamedBlockers, in the given order.
std::string deletion_wait_message(const std::vector<DeletionBlocker>& blockers,
                                  std::chrono::seconds waited);

// The RGD's Ready message while its deletion waits on the instances of `kind`:
//   waiting for 2 instances of Application to be deleted: default/a, default/b for 1m
// or, when kro deletes them itself (--allow-crd-deletion):
//   deleting 1 instance of Application before its CRD: default/a (finalizer kro.run/finalizer)
//   for 1m
std::string rgd_instances_message(std::string_view kind,
                                  const std::vector<DeletionBlocker>& instances,
                                  std::chrono::seconds waited, bool deleting);

// The Warning Event's message once a wait passed `threshold`: "deletion has waited longer than
// 5m for A, B" (no duration that grows, so that repeats aggregate into one Event).
std::string stalled_event_message(const std::vector<DeletionBlocker>& blockers,
                                  std::chrono::milliseconds threshold, bool with_kind = true);

// Whether a wait of `waited` passed `threshold`; a zero threshold never warns.
bool wait_stalled(std::chrono::seconds waited, std::chrono::milliseconds threshold);

// How long until a wait of `waited` passes `threshold`; nullopt when it already has or never will
// (zero threshold). The reconcile is requeued then, so that the warning does not depend on the
// safety-net interval.
std::optional<std::chrono::milliseconds> until_stalled(std::chrono::seconds waited,
                                                       std::chrono::milliseconds threshold);

}  // namespace kro::controller
