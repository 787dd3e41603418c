// One browser for the assembly, and the profile store location is process-wide (CLAWBOT_HOME): one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
