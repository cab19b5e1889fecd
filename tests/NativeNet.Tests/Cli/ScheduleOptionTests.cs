using System.Text.Json;
using NativeNet.Cli.Schedules;
using NativeNet.Tests.Generators;

namespace NativeNet.Tests.Cli;

public class ScheduleOptionTests
{
    [Theory]
    [InlineData("constant", "constant")]
    [InlineData("step:size=2,gamma=0.7", "step:size=2,gamma=0.7")]
    [InlineData("step", "step:size=1,gamma=0.1")]
    [InlineData("multiplicative:factor=0.9", "multiplicative:factor=0.9")]
    [InlineData("exponential:gamma=0.95", "exponential:gamma=0.95,steps=1")]
    [InlineData("cosine", "cosine:min=0")]
    [InlineData("cosine:min=1e-5,steps=50", "cosine:min=1E-05,steps=50")]
    [InlineData("warmup:steps=100", "warmup:steps=100,start=0")]
    [InlineData("warmup:steps=100 + cosine", "warmup:steps=100,start=0+cosine:min=0")]
    [InlineData("warmup:steps=5+cosine:steps=10+step:size=2,gamma=0.5", "warmup:steps=5,start=0+cosine:min=0,steps=10+step:size=2,gamma=0.5")]
    public void ParsesEveryKindWithItsDefaults(string text, string expected)
    {
        var spec = ScheduleSpec.TryParse(text, out var error);
        Assert.True(spec is not null, error);
        Assert.Equal(expected, spec.ToString());
    }

    [Fact]
    public void EveryRegisteredKindParsesByNameAndBuilds()
    {
        foreach (var kind in ScheduleCatalog.All)
        {
            var spec = ScheduleSpec.TryParse(kind.Name, out var error);
            Assert.True(spec is not null, error);
            var schedule = spec.Build(new ScheduleRun(BatchesPerEpoch: 10, Epochs: 5));
            Assert.True(double.IsFinite(schedule.RateAt(0, 1e-3)), kind.Name);
            Assert.Contains(kind.Syntax, ScheduleCatalog.HelpText);
        }
    }

    [Fact]
    public void EpochParametersCountEpochsAndStepsCountIterations()
    {
        var run = new ScheduleRun(BatchesPerEpoch: 10, Epochs: 5);
        var step = Parse("step:size=2,gamma=0.5").Build(run);
        Assert.Equal(1.0, step.RateAt(19, 1.0));
        Assert.Equal(0.5, step.RateAt(20, 1.0));
        var multiplicative = Parse("multiplicative:factor=0.5").Build(run);
        Assert.Equal(1.0, multiplicative.RateAt(9, 1.0));
        Assert.Equal(0.25, multiplicative.RateAt(25, 1.0));
        var exponential = Parse("exponential:gamma=0.5").Build(run);
        Assert.Equal(0.125, exponential.RateAt(3, 1.0), 12);
        // The cosine after a warmup lasts the rest of the run: 50 − 10 iterations.
        var warmupCosine = Parse("warmup:steps=10+cosine:min=0.1").Build(run);
        Assert.Equal(0.0, warmupCosine.RateAt(0, 1.0));
        Assert.Equal(0.5, warmupCosine.RateAt(5, 1.0), 12);
        Assert.Equal(1.0, warmupCosine.RateAt(10, 1.0), 12);
        Assert.Equal(0.55, warmupCosine.RateAt(30, 1.0), 12);
        Assert.Equal(0.1, warmupCosine.RateAt(50, 1.0), 12);
    }

    [Fact]
    public void DocsHoldTheTableOfTheRegistry()
    {
        string docs = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot(), "docs", "cli.md")).Replace("\r\n", "\n");
        Assert.Contains(ScheduleCatalog.MarkdownTable(), docs);
    }

    [Fact]
    public void TrainHelpListsTheKinds()
    {
        var run = CliInvocation.Run("train", "--help");
        Assert.Contains("--schedule", run.Out);
        Assert.Contains("--test-every-epoch", run.Out);
        foreach (var kind in ScheduleCatalog.All) Assert.Contains(kind.Name, run.Out);
    }

    [Theory]
    [InlineData("cosin", "--schedule 'cosin': unknown schedule 'cosin' (did you mean 'cosine'?); choose one of constant, step")]
    [InlineData("linear", "--schedule 'linear': unknown schedule 'linear'; choose one of")]
    [InlineData("step:sise=2", "--schedule 'step:sise=2': step has no parameter 'sise' (did you mean 'size'?); its parameters are size, gamma")]
    [InlineData("constant:x=1", "constant has no parameter 'x'; it takes none")]
    [InlineData("step:size=0", "--schedule 'step:size=0': step's size must be a positive integer (got '0')")]
    [InlineData("step:size=1.5", "step's size must be a positive integer (got '1.5')")]
    [InlineData("step:gamma=0", "step's gamma must be a finite positive number (got '0')")]
    [InlineData("exponential:gamma=-1", "exponential's gamma must be a finite positive number (got '-1')")]
    [InlineData("exponential:steps=x", "exponential's steps must be a positive integer (got 'x')")]
    [InlineData("multiplicative:factor=1.5", "multiplicative's factor must be a number in (0, 1] (got '1.5')")]
    [InlineData("cosine:min=-1", "cosine's min must be a finite non-negative number (got '-1')")]
    [InlineData("warmup:steps=0", "warmup's steps must be a positive integer (got '0')")]
    [InlineData("warmup:start=2", "warmup's start must be a number in [0, 1] (got '2')")]
    [InlineData("step:size", "expected NAME=VALUE for a parameter of step (got 'size')")]
    [InlineData("step:", "'step:' needs NAME=VALUE after the colon")]
    [InlineData("step:size=1,size=2", "step's size is given twice")]
    [InlineData("step+cosine", "step runs to the end, so nothing can follow it after '+'; only cosine:steps=N or warmup can")]
    [InlineData("cosine+step", "cosine before '+' needs steps=N, its length in iterations")]
    [InlineData("warmup:steps=5+", "an empty kind around '+'")]
    public void BadSchedulesAreOneLineWithExitCode2(string spec, string expected)
    {
        var run = CliInvocation.Run("train", "--schedule", spec);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.ErrorLines[0]);
        Assert.Contains(expected, run.ErrorLines[0]);
        Assert.True(run.ErrorLines.Length == 2, run.Error);
    }

    [Fact]
    public void LrDecayAndScheduleTogetherAreRefused()
    {
        var run = CliInvocation.Run("train", "--lr-decay", "0.9", "--schedule", "step");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--lr-decay and --schedule cannot be used together", run.ErrorLines[0]);
        Assert.True(run.ErrorLines.Length == 2, run.Error);
    }

    [Fact]
    public void StepScheduleHalvesTheRateEachEpochAndTestAccuracyIsRecorded()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("train", "--hidden", "16", "--batch-size", "64", "--threads", "1", "--out", dir.Path, "--epochs", "3", "--lr", "1e-2",
            "--schedule", "step:size=1,gamma=0.5", "--test-every-epoch", "--restore-best", "false", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.LastOutLine);
        using var history = JsonDocument.Parse(File.ReadAllText(dir.File("history.json")));
        var rates = history.RootElement.GetProperty("lr_history").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(3 * 21, rates.Length); // 1,297 samples in batches of 64
        for (int i = 0; i < rates.Length; i++) Assert.Equal(1e-2 * Math.Pow(0.5, i / 21), rates[i], 12);

        var validationLoss = history.RootElement.GetProperty("val_loss_history").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(4, validationLoss.Length);
        Assert.All(validationLoss, v => Assert.True(v > 0 && double.IsFinite(v)));
        Assert.True(validationLoss[^1] < validationLoss[0]);
        var test = history.RootElement.GetProperty("test_acc_history").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(4, test.Length);
        Assert.Equal(json.RootElement.GetProperty("test_accuracy").GetDouble(), test[^1], 12);
        Assert.Contains("\"schedule\":\"step:size=1,gamma=0.5\"", NativeNet.Training.Checkpoint.ReadMetadata(dir.File("checkpoint.safetensors"))["hyperparameters"]);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $", test {test[^1]:P2}, lr "), run.Out);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"epoch 3/3: loss "), run.Out);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (validation {validationLoss[^1]:F4}), train accuracy "), run.Out);
        ImageAssert.ValidPng(dir.File("loss.png"));
        ImageAssert.ValidPng(dir.File("accuracy.png"));
    }

    [Fact]
    public void LrDecayIsTheMultiplicativeSchedule()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("train", "--hidden", "16", "--batch-size", "256", "--threads", "1", "--out", dir.Path, "--epochs", "2", "--lr", "1e-2",
            "--lr-decay", "0.5", "--no-plots");
        Assert.True(run.ExitCode == 0, run.Error);
        using var history = JsonDocument.Parse(File.ReadAllText(dir.File("history.json")));
        var rates = history.RootElement.GetProperty("lr_history").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(1e-2, rates[0]);
        Assert.Equal(5e-3, rates[^1], 12);
        Assert.Contains("\"schedule\":\"multiplicative:factor=0.5\"", NativeNet.Training.Checkpoint.ReadMetadata(dir.File("checkpoint.safetensors"))["hyperparameters"]);
    }

    private static ScheduleSpec Parse(string text) => ScheduleSpec.TryParse(text, out var error) ?? throw new InvalidOperationException(error);
}
