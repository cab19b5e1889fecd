using NativeNet.Data;

namespace NativeNet.Tests.Optional;

/// <summary>
/// Gates tests on data or tools that a fresh machine lacks (Debian's Fashion-MNIST, python3-torch, MPICH, …): such a test
/// is a <c>[SkippableFact]</c> that skips with a printed reason when the dependency is missing, and fails instead when
/// <see cref="RequireVariable"/> is 1, as <c>.ci/run</c> sets it after installing them, so CI never passes on a skip.
/// </summary>
internal static class OptionalDependency
{
    /// <summary>The environment variable that turns every optional dependency into a required one.</summary>
    public const string RequireVariable = "NATIVENET_REQUIRE_OPTIONAL";

    /// <summary>Whether missing optional dependencies fail tests instead of skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Skips the calling test (or fails it when <see cref="Required"/>) unless <paramref name="available"/>.</summary>
    /// <param name="available">Whether the dependency is present.</param>
    /// <param name="missing">What is missing and how to install it, shown as the skip reason.</param>
    public static void Require(bool available, string missing)
    {
        if (available) return;
        if (Required) Assert.Fail($"{missing} ({RequireVariable}=1 makes it required)");
        Skip.If(true, missing);
    }

    /// <summary>Requires MPICH: the <c>mpiexec</c> launcher on the PATH and a loadable MPI library of MPICH's ABI.</summary>
    public static void RequireMpi()
    {
        bool launcher = OnPath("mpiexec");
        string? missing = NativeNet.Distributed.Mpi.MpiLaunch.MissingLibrary;
        Require(launcher && missing is null,
            launcher ? $"MPI: {missing}" : "MPI: mpiexec is not on the PATH (apt-get install mpich libmpich-dev)");
    }

    /// <summary>Requires clang, the native linker NativeAOT publishing runs (the compiler itself is a NuGet package).</summary>
    public static void RequireNativeAotLinker() =>
        Require(OnPath("clang"), "NativeAOT publishing needs clang on PATH (apt-get install clang)");

    /// <summary>Requires Debian's python3-torch (and numpy) under <see cref="PythonProcess.Interpreter"/>.</summary>
    public static void RequirePythonTorch() =>
        Require(PythonProcess.HasTorch, $"PyTorch is not importable by {PythonProcess.Interpreter} (apt-get install python3-torch python3-numpy)");

    /// <summary>Requires Debian's Fashion-MNIST files in <see cref="Datasets.DebianFashionMnistDirectory"/>.</summary>
    public static void RequireFashionMnist() =>
        Require(Directory.Exists(Datasets.DebianFashionMnistDirectory) && Directory.EnumerateFiles(Datasets.DebianFashionMnistDirectory).Count() >= 4,
            $"Fashion-MNIST is not in {Datasets.DebianFashionMnistDirectory} (apt-get install dataset-fashion-mnist)");

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}
