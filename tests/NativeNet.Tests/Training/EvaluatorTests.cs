using NativeNet.Data;
using NativeNet.Layers;
using NativeNet.Models;
using NativeNet.Tensors;
using NativeNet.Training;

namespace NativeNet.Tests.Training;

public class EvaluatorTests
{
    [Fact]
    public void BatchedPredictionsEqualOneBigBatch()
    {
        var data = Datasets.Digits();
        var model = new Sequential<float>(new Linear<float>(64, 10, new Rng(1)));
        var whole = Evaluator.Predict(model, data.Features, batchSize: data.Count);
        var batched = Evaluator.Predict(model, data.Features, batchSize: 64);
        Assert.Equal(whole, batched);
        int correct = whole.Where((p, i) => p == data.Labels[i]).Count();
        Assert.Equal((double)correct / data.Count, Evaluator.Accuracy(model, data, batchSize: 100), 12);
    }

    [Fact]
    public void ConfusionMatrixCountsEverySampleOnce()
    {
        var data = Datasets.Digits();
        var model = new Sequential<float>(new Linear<float>(64, 10, new Rng(2)));
        var matrix = Evaluator.Confusion(model, data, batchSize: 500);
        Assert.Equal(data.Count, matrix.Total);
        var predictions = Evaluator.Predict(model, data.Features);
        for (int i = 0; i < 20; i++)
            Assert.True(matrix[data.Labels[i], predictions[i]] > 0);
        Assert.Equal(Evaluator.Accuracy(model, data), matrix.Accuracy, 12);
        var perClass = matrix.PerClassAccuracy();
        for (int c = 0; c < 10; c++)
        {
            int support = data.Labels.Count(l => l == c);
            int hits = data.Labels.Where((l, i) => l == c && predictions[i] == c).Count();
            Assert.Equal((double)hits / support, perClass[c], 12);
        }
        Assert.Contains("true\\pred", matrix.ToString());
    }

    [Fact]
    public void HandComputedConfusionMatrix()
    {
        var matrix = new ConfusionMatrix(["a", "b", "c"]);
        matrix.Add(0, 0); matrix.Add(0, 1); matrix.Add(1, 1); matrix.Add(2, 2); matrix.Add(2, 2); matrix.Add(2, 0);
        Assert.Equal(4.0 / 6, matrix.Accuracy, 15);
        Assert.Equal(new[] { 0.5, 1.0, 2.0 / 3 }, matrix.PerClassAccuracy());
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(3, 0));
    }
}
