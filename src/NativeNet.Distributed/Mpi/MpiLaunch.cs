namespace NativeNet.Distributed.Mpi;

/// <summary>Whether this process was started by an MPI launcher, and whether an MPI library can be loaded.</summary>
public static class MpiLaunch
{
    // Hydra (MPICH's mpiexec) and the other PMI launchers of MPICH's ABI set these for every rank they start.
    private static readonly string[] LauncherVariables = ["PMI_RANK", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"];

    /// <summary>Whether an MPI launcher (<c>mpiexec</c>) started this process.</summary>
    public static bool IsLaunched => LauncherVariables.Any(v => Environment.GetEnvironmentVariable(v) is { Length: > 0 });

    /// <summary>Null when an MPI library of MPICH's ABI loads, else why not and how to install one.</summary>
    public static string? MissingLibrary => MpiLibrary.Load().Missing;
}
