using System.Globalization;
using System.Text;
using System.Text.Json;
using NativeNet.Tensors;

namespace NativeNet.Tests.Cli;

public class RegressionTrainCommandTests
{
    // y = 2·x1 − x2 + noise, with the target in the middle column to exercise csv:FILE:COLUMN.
    private static string WriteCsv(TempDirectory dir, int rows = 600)
    {
        var rng = new Rng(11);
        var text = new StringBuilder("x1,y,x2\n");
        for (int i = 0; i < rows; i++)
        {
            double a = 4 * rng.NextDouble() - 2, b = 4 * rng.NextDouble() - 2;
            double y = 2 * a - b + 0.1 * rng.NextNormal();
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{a:R},{y:R},{b:R}\n"));
        }
        string path = dir.File("linear.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static CliInvocation Train(TempDirectory dir, string csv, params string[] more) => CliInvocation.Run(
    [
        "train", "--task", "regression", "--data", $"csv:{csv}:1", "--hidden", "16", "--lr", "1e-2", "--batch-size", "32", "--threads", "1",
        "--no-plots", "--out", dir.File("run"), .. more,
    ]);

    [Fact]
    public void ARegressionChartsItsValidationRSquaredInsteadOfAccuracy()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("train", "--task", "regression", "--data", $"csv:{WriteCsv(dir)}:1", "--hidden", "8", "--epochs", "2",
            "--threads", "1", "--out", dir.File("run"));
        Assert.True(run.ExitCode == 0, run.Error);
        foreach (string chart in new[] { "loss", "r2", "grad-norm", "learning-rate" })
            Assert.True(File.Exists(Path.Combine(dir.File("run"), chart + ".png")), $"{chart}.png is missing: {run.Out}");
        Assert.False(File.Exists(Path.Combine(dir.File("run"), "accuracy.png")));
    }

    [Fact]
    public void RegressionOnACsvReportsRSquaredAsJson()
    {
        using var dir = new TempDirectory();
        var run = Train(dir, WriteCsv(dir), "--epochs", "20", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("1 target;", run.Out);
        Assert.Contains("test R²:", run.Out);

        using var json = JsonDocument.Parse(run.LastOutLine);
        var root = json.RootElement;
        Assert.Equal("regression", root.GetProperty("task").GetString());
        Assert.True(root.GetProperty("test_r2").GetDouble() > 0.95, run.LastOutLine);
        Assert.True(root.GetProperty("val_r2").GetDouble() > 0.95, run.LastOutLine);
        Assert.InRange(root.GetProperty("test_mse").GetDouble(), 0, 0.5);
        Assert.InRange(root.GetProperty("test_mae").GetDouble(), 0, 0.6);
        Assert.Equal("completed", root.GetProperty("stop_reason").GetString());

        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("run"), "history.json")));
        Assert.Equal(21, history.RootElement.GetProperty("val_r2_history").GetArrayLength()); // epochs 0 to 20
        var metadata = NativeNet.Training.Checkpoint.ReadMetadata(Path.Combine(dir.File("run"), "checkpoint.safetensors"));
        Assert.Contains("\"task\":\"regression\"", metadata["hyperparameters"]);

        // eval reports the regression's test metrics: those train reported.
        var eval = CliInvocation.Run("eval", dir.File("run"), "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        using (var evaluated = JsonDocument.Parse(eval.LastOutLine))
        {
            Assert.Equal("regression", evaluated.RootElement.GetProperty("task").GetString());
            Assert.Equal(root.GetProperty("test_r2").GetDouble(), evaluated.RootElement.GetProperty("r2").GetDouble());
            Assert.Equal(root.GetProperty("test_mse").GetDouble(), evaluated.RootElement.GetProperty("mse").GetDouble());
            Assert.Equal(120, evaluated.RootElement.GetProperty("samples").GetInt32());
        }

        // The model file loads with one call, and predict gives the values it gives.
        string modelFile = Path.Combine(dir.File("run"), "model.safetensors");
        var model = NativeNet.Models.Sequential<float>.Load(modelFile);
        var predictor = model.CreatePredictor();
        Assert.Equal((2, 1), (predictor.InputWidth, predictor.OutputWidth));
        string features = dir.File("features.npy");
        NativeNet.IO.Npy.Write(features, NativeNet.Tensors.NdArray<float>.FromArray([0.5f, -1f, 2f, 0.25f], 2, 2));
        var expected = new float[2];
        predictor.Predict([0.5f, -1f, 2f, 0.25f], expected);
        var predict = CliInvocation.Run("predict", modelFile, "--features", features);
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.Equal(["value", .. expected.Select(v => v.ToString("R", CultureInfo.InvariantCulture))], predict.Out.TrimEnd('\n').Split('\n'));

        // The test split of the CSV (a fifth of 600 rows), standardized as in training: one value a sample.
        var fromData = CliInvocation.Run("predict", dir.File("run"), "--data", $"csv:{WriteCsv(dir)}:1", "--output", dir.File("p.json"));
        Assert.True(fromData.ExitCode == 0, fromData.Error);
        using (var values = JsonDocument.Parse(File.ReadAllText(dir.File("p.json"))))
        {
            Assert.Equal("value", values.RootElement.GetProperty("target_names")[0].GetString());
            Assert.Equal(120, values.RootElement.GetProperty("values").GetArrayLength());
        }
        var probabilities = CliInvocation.Run("predict", modelFile, "--features", features, "--probabilities");
        Assert.Equal(2, probabilities.ExitCode);
        Assert.Contains("was trained with --task regression; it predicts values", probabilities.Error);
    }

    [Fact]
    public void SeveralTargetColumnsTrainSeveralOutputs()
    {
        using var dir = new TempDirectory();
        var rng = new Rng(12);
        var text = new StringBuilder();
        for (int i = 0; i < 500; i++)
        {
            double a = 4 * rng.NextDouble() - 2, b = 4 * rng.NextDouble() - 2;
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{a:R},{a + b:R},{b:R},{a - 3 * b:R}\n"));
        }
        string csv = dir.File("two.csv");
        File.WriteAllText(csv, text.ToString());
        var run = CliInvocation.Run("train", "--task", "regression", "--data", $"csv:{csv}:1,3", "--hidden", "16", "--lr", "1e-2", "--batch-size", "32",
            "--epochs", "20", "--threads", "1", "--json", "--out", dir.File("run"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("2 features, 2 targets;", run.Out);
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.True(json.RootElement.GetProperty("test_r2").GetDouble() > 0.95, run.LastOutLine);
        Assert.Equal($"csv:{csv}:1,3", json.RootElement.GetProperty("data").GetString());

        var classifier = CliInvocation.Run("train", "--data", $"csv:{csv}:1,3", "--out", dir.File("classifier"));
        Assert.Equal(2, classifier.ExitCode);
        Assert.Contains("a classifier reads one label column", classifier.Error);
    }

    [Fact]
    public void PatienceStopsEarlyAndResumeContinues()
    {
        using var dir = new TempDirectory();
        string csv = WriteCsv(dir, 200);
        var stopped = Train(dir, csv, "--epochs", "30", "--patience", "1", "--min-delta", "1000", "--json");
        Assert.True(stopped.ExitCode == 0, stopped.Error);
        using (var json = JsonDocument.Parse(stopped.LastOutLine))
        {
            Assert.Equal("early_stopped", json.RootElement.GetProperty("stop_reason").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("epochs").GetInt32());
        }
        var resumed = Train(dir, csv, "--epochs", "4", "--resume", dir.File("run"), "--json");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("resuming at epoch 3", resumed.Out);
    }

    [Fact]
    public void RegressionNeedsCsvDataAndAKnownTask()
    {
        using var dir = new TempDirectory();
        var digits = CliInvocation.Run("train", "--task", "regression", "--out", dir.File("run"));
        Assert.Equal(2, digits.ExitCode);
        Assert.Contains("error: --task regression needs real-valued targets from --data csv:FILE[:target-column]", digits.Error);

        var unknown = CliInvocation.Run("train", "--task", "regresion", "--out", dir.File("run"));
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("unknown task 'regresion' (did you mean 'regression'?)", unknown.Error);

        var minDelta = CliInvocation.Run("train", "--min-delta", "0.1", "--out", dir.File("run"));
        Assert.NotEqual(0, minDelta.ExitCode);
        Assert.Contains("--min-delta applies to --patience", minDelta.Error);
    }

    [Fact]
    public void ClassificationReportsMacroMetricsAndWritesTheConfusionMatrix()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("train", "--hidden", "16", "--epochs", "2", "--lr", "1e-2", "--threads", "1", "--no-plots", "--json", "--out", dir.Path);
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.LastOutLine);
        var root = json.RootElement;
        foreach (var name in new[] { "test_precision", "test_recall", "test_f1" }) Assert.InRange(root.GetProperty(name).GetDouble(), 0.5, 1.0);
        string[] confusion = File.ReadAllLines(dir.File("confusion.csv"));
        Assert.Equal("true\\predicted,0,1,2,3,4,5,6,7,8,9", confusion[0]);
        Assert.Equal(11, confusion.Length);
        // The counts add up to the 300 test samples, and the diagonal to the test accuracy.
        var counts = confusion.Skip(1).Select(l => l.Split(',').Skip(1).Select(int.Parse).ToArray()).ToArray();
        Assert.Equal(300, counts.Sum(r => r.Sum()));
        Assert.Equal(root.GetProperty("test_accuracy").GetDouble(), Enumerable.Range(0, 10).Sum(i => counts[i][i]) / 300.0, 12);
    }
}
