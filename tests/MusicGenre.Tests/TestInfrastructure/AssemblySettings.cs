// Test classes run one after another. Many of them drive libtorch, whose process-wide state (the CPU generator,
// the intra-op thread pool) is shared. On 2026-11-29 one full run with parallel test classes ended in a native heap
// abort ("corrupted size vs. prev_size") in the test host; the cause was not found. The three serialised runs that
// followed passed. Serialising costs little: 1 min 45 s against 1 min 34 s for the whole suite on 2 cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
