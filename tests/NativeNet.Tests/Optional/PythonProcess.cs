using System.Diagnostics;

namespace NativeNet.Tests.Optional;

/// <summary>Runs Debian's Python (the interpreter python3-torch installs into) for tests that compare with PyTorch.</summary>
internal static class PythonProcess
{
    /// <summary>The interpreter: Debian's, so that its python3-torch is the one imported.</summary>
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<bool> s_hasTorch = new(() =>
        File.Exists(Interpreter) && Run(["-c", "import torch, numpy"], throwOnFailure: false).ExitCode == 0);

    /// <summary>Whether <c>import torch, numpy</c> succeeds.</summary>
    public static bool HasTorch => s_hasTorch.Value;

    /// <summary>Runs the interpreter with <paramref name="arguments"/>; a non-zero exit fails with its output.</summary>
    public static (int ExitCode, string Output) Run(IEnumerable<string> arguments, bool throwOnFailure = true)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // One thread: the comparison needs no speed, and the machine's cores belong to the test run.
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd() + stderr.Result;
        process.WaitForExit();
        if (throwOnFailure && process.ExitCode != 0)
            throw new InvalidOperationException($"{Interpreter} {string.Join(" ", start.ArgumentList)} exited with {process.ExitCode}:\n{output}");
        return (process.ExitCode, output);
    }
}
