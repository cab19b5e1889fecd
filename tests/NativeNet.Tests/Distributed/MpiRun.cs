using System.Diagnostics;

namespace NativeNet.Tests.Distributed;

/// <summary>Starts a .NET program under <c>mpiexec</c> and collects what every rank printed.</summary>
internal static class MpiRun
{
    /// <summary>The dotnet host running these tests, to start the ranks with.</summary>
    public static string Dotnet => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>A program built beside the tests, e.g. <c>NativeNet.Cli.dll</c>.</summary>
    public static string Program(string assembly) => Path.Combine(AppContext.BaseDirectory, assembly);

    /// <summary>Runs <c>mpiexec</c> with <paramref name="arguments"/>; fails the test if it runs past 3 minutes.</summary>
    public static (int ExitCode, string Output) Exec(params string[] arguments)
    {
        var start = new ProcessStartInfo("mpiexec") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The ranks started here must not take themselves for ranks of an MPI job that started the tests.
        foreach (var name in new[] { "PMI_RANK", "PMI_SIZE", "PMI_FD", "PMI_PORT" }) start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"mpiexec {string.Join(' ', arguments)} did not finish within 3 minutes");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }
}
