using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using NativeNet.Tests.Generators;
using NativeNet.Tests.Optional;
using Xunit.Abstractions;

namespace NativeNet.Tests.NativeAot;

/// <summary>
/// Publishes tests/AotConsumer — an app that uses NativeNet and declares its own activation — with NativeAOT, requires
/// a publish free of trimming and AOT warnings (IL2xxx/IL3xxx), and runs the native binary: it trains a few steps on
/// the embedded digits, saves a checkpoint, rebuilds and loads the model from it and predicts with a Predictor.
/// </summary>
public sealed partial class AotConsumerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(20);

    [SkippableFact]
    public void Publishes_without_trimming_warnings_and_trains_saves_loads_and_predicts_natively()
    {
        OptionalDependency.RequireNativeAotLinker();
        string project = Path.Combine(GeneratorHarness.RepositoryRoot(), "tests", "AotConsumer", "AotConsumer.csproj");
        string runtime = RuntimeInformation.RuntimeIdentifier;
        string directory = Directory.CreateTempSubdirectory("nativenet-aot").FullName;
        try
        {
            // The compiler is a NuGet package the SDK picks: without a feed that has it, there is nothing to test.
            var restore = Run(Dotnet(), ["restore", project, "-r", runtime], PublishTimeout);
            OptionalDependency.Require(restore.ExitCode == 0 || !restore.Output.Contains("ILCompiler", StringComparison.OrdinalIgnoreCase),
                $"the NativeAOT compiler package (runtime.{runtime}.Microsoft.DotNet.ILCompiler) cannot be restored");
            Assert.True(restore.ExitCode == 0, restore.Output);

            string bin = Path.Combine(directory, "bin");
            var publish = Run(Dotnet(), ["publish", project, "-c", "Release", "-r", runtime, "--no-restore", "-o", bin], PublishTimeout);
            var warnings = TrimmingWarning().Matches(publish.Output).Select(m => m.Value).Distinct().ToList();
            Assert.True(warnings.Count == 0, "trimming/AOT warnings:\n" + string.Join("\n", warnings));
            Assert.True(publish.ExitCode == 0, publish.Output);

            var run = Run(Path.Combine(bin, "AotConsumer"), [directory], TimeSpan.FromMinutes(2));
            output.WriteLine(run.Output);
            Assert.True(run.ExitCode == 0, run.Output);
            var results = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(": ", 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
            Assert.Equal(3 * ((1497 + 63) / 64), int.Parse(results["iterations"], CultureInfo.InvariantCulture));
            Assert.True(double.Parse(results["test accuracy"], CultureInfo.InvariantCulture) >= 0.85, run.Output);
            Assert.Equal("300/300", results["loaded model agrees"]);
            Assert.Equal("pass", results["gradient check"]);
            Assert.True(File.Exists(Path.Combine(directory, "checkpoint.safetensors")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // "warning IL2026: …" or, with warnings as errors, "error IL3050: …".
    [GeneratedRegex(@"(warning|error) IL[23]\d{3}:[^\r\n]*")]
    private static partial Regex TrimmingWarning();

    // The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH for its children), else the one on PATH.
    private static string Dotnet() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static (int ExitCode, string Output) Run(string program, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // A child build must not inherit the test host's MSBuild settings.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} took more than {timeout.TotalMinutes} minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
