// Test classes run one after another. Tried in parallel again on 2026-12-01 (issue 11 §3): no faster on 2 cores
// (13 min 8 s against 13 min 11 s, same build, busy machine), and seeded trainings would depend on other classes'
// draws from torch's process-wide generator. The measurements and what parallel classes would need: docs/testing.md.
// Classes that must never share the process are in collections that run alone even with parallel classes:
// ServiceLoadCollection, TorchRandomCollection, ProcessSettingsCollection.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
