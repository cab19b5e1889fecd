using System.Diagnostics;
using System.Runtime.InteropServices;
using NativeNet.Kernels;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace NativeNet.Tests.Runner;

/// <summary>
/// Discovers this assembly's tests with xUnit's own framework and runs those of the chosen classes in this process,
/// one at a time, printing a line per failure and a summary. Arguments:
/// <list type="bullet">
/// <item><c>--class NAME</c> (repeatable): run the test classes whose full name ends with NAME;</item>
/// <item><c>--require-gemm-kernel KIND</c>: fail unless the GEMM kernel in use is KIND (e.g. <c>vector128</c>), so an
/// emulated run proves which code it exercised;</item>
/// <item><c>--training-digest</c>: print <see cref="TrainingDigest"/>'s line, to compare with another machine's.</item>
/// </list>
/// Exit code 0 when every selected test passed (skips allowed) and at least one ran, 1 otherwise, 2 for bad arguments.
/// </summary>
internal static class InProcessTestRunner
{
    public static int Run(string[] args, TextWriter output)
    {
        var classes = new List<string>();
        string? requiredKernel = null;
        bool digest = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--class" when i + 1 < args.Length:
                    classes.Add(args[++i]);
                    break;
                case "--require-gemm-kernel" when i + 1 < args.Length:
                    requiredKernel = args[++i];
                    break;
                case "--training-digest":
                    digest = true;
                    break;
                default:
                    output.WriteLine($"error: unknown or incomplete argument '{args[i]}' (use --class NAME, --require-gemm-kernel KIND, --training-digest)");
                    return 2;
            }
        }
        output.WriteLine($"{RuntimeInformation.ProcessArchitecture}: vectors up to {VectorWidth.HardwareBits} bits, " +
            $"elementwise width {VectorWidth.Bits}, GEMM kernel {Gemm.KernelName}");
        if (requiredKernel is not null && Gemm.KernelName != requiredKernel)
        {
            output.WriteLine($"error: the GEMM kernel is {Gemm.KernelName}, not {requiredKernel}");
            return 1;
        }
        if (digest) output.WriteLine(TrainingDigest.Compute());
        if (classes.Count == 0) return digest ? 0 : 2;
        return RunTests(classes, output);
    }

    private static int RunTests(List<string> classes, TextWriter output)
    {
        var assembly = typeof(InProcessTestRunner).Assembly;
        var options = new RunnerOptions();
        options.SetValue("xunit.execution.DisableParallelization", true);
        var framework = new XunitTestFramework(new NullMessageSink());
        var discovery = new DiscoverySink();
        using (var discoverer = framework.GetDiscoverer(new ReflectionAssemblyInfo(assembly)))
        {
            discoverer.Find(includeSourceInformation: false, discovery, options);
            discovery.Finished.WaitOne();
        }
        var selected = discovery.TestCases
            .Where(t => classes.Any(c => t.TestMethod.TestClass.Class.Name.EndsWith(c, StringComparison.Ordinal)))
            .ToList();
        output.WriteLine($"{selected.Count} tests in {string.Join(", ", classes)}");
        var watch = Stopwatch.StartNew();
        var execution = new ExecutionSink(output);
        using (var executor = framework.GetExecutor(assembly.GetName()))
        {
            executor.RunTests(selected, execution, options);
            execution.Finished.WaitOne();
        }
        output.WriteLine($"passed {execution.Passed}, failed {execution.Failed}, skipped {execution.Skipped} in {watch.Elapsed.TotalSeconds:F0} s");
        return execution.Failed == 0 && execution.Passed > 0 ? 0 : 1;
    }

    private sealed class DiscoverySink : LongLivedMarshalByRefObject, IMessageSink
    {
        public List<ITestCase> TestCases { get; } = [];

        public ManualResetEvent Finished { get; } = new(false);

        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is ITestCaseDiscoveryMessage found) TestCases.Add(found.TestCase);
            else if (message is IDiscoveryCompleteMessage) Finished.Set();
            return true;
        }
    }

    private sealed class ExecutionSink(TextWriter output) : LongLivedMarshalByRefObject, IMessageSink
    {
        public int Passed { get; private set; }

        public int Failed { get; private set; }

        public int Skipped { get; private set; }

        public ManualResetEvent Finished { get; } = new(false);

        public bool OnMessage(IMessageSinkMessage message)
        {
            switch (message)
            {
                case ITestPassed:
                    Passed++;
                    break;
                case ITestFailed failed:
                    Failed++;
                    output.WriteLine($"FAIL {failed.Test.DisplayName}: {string.Join(" ", failed.Messages)}");
                    break;
                case ITestSkipped skipped:
                    Skipped++;
                    output.WriteLine($"skip {skipped.Test.DisplayName}: {skipped.Reason}");
                    break;
                case ITestAssemblyFinished:
                    Finished.Set();
                    break;
            }
            return true;
        }
    }
}
