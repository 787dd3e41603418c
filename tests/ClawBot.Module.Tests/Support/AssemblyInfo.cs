// The profile store location is process-wide (CLAWBOT_HOME), so module tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
