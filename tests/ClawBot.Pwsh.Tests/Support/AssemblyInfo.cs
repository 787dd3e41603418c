// Each test starts its own pwsh processes and simulator, but they share the machine's two cores and the tool restore:
// one at a time keeps timings of the child processes far from their hang guards.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
