using NativeNet.Cli.Console;

namespace NativeNet.Tests.Cli;

public class TrainingProgressTests
{
    [Fact]
    public void NonInteractiveProgressPrintsPlainPeriodicLines()
    {
        var stdout = new StringWriter();
        var context = new CliContext(stdout, new StringWriter(), interactive: false);
        int result = TrainingProgress.Run(context, "train", 1000, progress =>
        {
            for (int done = 10; done <= 1000; done += 10) progress.Report(done, 1.0 / done, $"epoch {1 + (done - 1) / 500}/2");
            return 7;
        });
        Assert.Equal(7, result);
        string text = stdout.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\r', text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // One line per 10 % of the work (the first report included), and the final 100 % line.
        Assert.InRange(lines.Length, 10, 12);
        Assert.Matches(@"^train +1% epoch 1/2 loss 0\.1000 \d+ samples/s ETA", lines[0]);
        Assert.StartsWith("train 100% epoch 2/2 loss 0.0010", lines[^1]);
        Assert.EndsWith("ETA 00:00", lines[^1].TrimEnd());
    }
}
