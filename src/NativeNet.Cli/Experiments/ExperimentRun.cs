using System.Numerics.Tensors;
using NativeNet.Cli.DataSources;
using NativeNet.Cli.Optimizers;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Regularization;
using NativeNet.Training;

namespace NativeNet.Cli.Experiments;

/// <summary>
/// One training run of an experiment: its histories, result, accuracies, per iteration the gradient L2 norm of
/// every affine layer's weight and bias (input side first), the mini-batch loss without the weight penalty, and the
/// final parameters (all of them, in model order).
/// </summary>
internal sealed record ExperimentRun(
    string Name,
    TrainingResult Result,
    double ValidationAccuracy,
    double TestAccuracy,
    IReadOnlyList<double[]> WeightGradientNorms,
    IReadOnlyList<double[]> BiasGradientNorms,
    float[] FinalParameters,
    double FinalWeightNorm,
    IReadOnlyList<double> DataLoss)
{
    public TrainingHistory History => Result.History;

    /// <summary>
    /// Trains a network of <paramref name="spec"/> on <paramref name="data"/> (float, one thread count-independent
    /// result per seed), with the optimizer's weight decay and the loss's weight penalty as given; a null
    /// <paramref name="momentum"/> is the optimizer's own default.
    /// </summary>
    public static ExperimentRun Train(string name, TrainingData data, FullyConnectedNetSpec spec, string optimizer, double learningRate,
        int epochs, int batchSize, ulong seed, CancellationToken cancellation,
        double weightDecay = 0, WeightDecayMode? weightDecayMode = null, WeightPenalty? penalty = null, double? momentum = null)
    {
        var validation = data.Validation ?? throw new ArgumentException($"an experiment needs a validation split, but {data.Spec} has none", nameof(data));
        spec = spec with { InputSize = data.Train.SampleLength, Classes = data.Classes, Seed = seed };
        var model = FullyConnectedNet.Build<float>(spec);
        var linears = model.Layers.OfType<Linear<float>>().ToArray();
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), OptimizerCatalog.Create(optimizer, model.Parameters, learningRate, momentum, weightDecay, weightDecayMode),
            data.Train, validation, new SolverOptions
            {
                BatchSize = batchSize,
                Epochs = epochs,
                Seed = seed,
                ReportEvery = 1,
                // Every column and plot describes the end of training (the last epoch's parameters and gradients) and
                // counts epochs from 1, as the studies' summaries always have.
                RestoreBestParameters = false,
                EvaluateBeforeTraining = false,
                TrainAccuracySamples = null,
                Penalty = penalty,
            });
        var weights = new List<double[]>();
        var biases = new List<double[]>();
        // Each step's loss includes the penalty of the weights before that step: those of the previous handler call.
        var penalties = new List<double>();
        double nextPenalty = penalty is null ? 0 : penalty.Penalty(model.Parameters);
        // Progress fires after the step; the step does not touch the gradients, so they are this iteration's.
        solver.Progress += (_, p) =>
        {
            if (p.Kind != ProgressKind.Iteration) return;
            weights.Add(linears.Select(l => (double)TensorPrimitives.Norm<float>(l.Weight.Grad.Span)).ToArray());
            biases.Add(linears.Select(l => l.Bias is null ? 0.0 : TensorPrimitives.Norm<float>(l.Bias.Grad.Span)).ToArray());
            penalties.Add(nextPenalty);
            if (penalty is not null) nextPenalty = penalty.Penalty(model.Parameters);
        };
        var result = solver.Train(cancellation);
        cancellation.ThrowIfCancellationRequested();
        float[] final = [.. model.Parameters.SelectMany(p => p.Value.Span.ToArray())];
        double weightNorm = Math.Sqrt(model.Parameters.Where(p => p.IsWeight).Sum(p => (double)TensorPrimitives.SumOfSquares<float>(p.Value.Span)));
        return new ExperimentRun(name, result, Evaluator.Accuracy(model, validation), Evaluator.Accuracy(model, data.Test), weights, biases, final, weightNorm,
            result.History.Loss.Select((loss, i) => loss - penalties[i]).ToArray());
    }

    /// <summary>The largest |a − b| between this run's final parameters and <paramref name="other"/>'s (0 when bit-identical).</summary>
    public double MaxAbsDifference(ExperimentRun other)
    {
        if (other.FinalParameters.Length != FinalParameters.Length) throw new ArgumentException("the runs trained different models", nameof(other));
        double max = 0;
        for (int i = 0; i < FinalParameters.Length; i++) max = Math.Max(max, Math.Abs((double)FinalParameters[i] - other.FinalParameters[i]));
        return max;
    }

    /// <summary>The per-iteration mean over affine layers of each layer's gradient norm (weight and bias together).</summary>
    public double[] MeanLayerGradientNorm() =>
        WeightGradientNorms.Select((w, i) => w.Select((n, l) => Math.Sqrt(n * n + BiasGradientNorms[i][l] * BiasGradientNorms[i][l])).Average()).ToArray();

    /// <summary>Per epoch: the mean over its iterations of ‖∂L/∂W_first‖ / ‖∂L/∂W_last‖.</summary>
    public double[] FirstToLastRatioPerEpoch(int batchesPerEpoch)
    {
        var ratios = new List<double>();
        for (int start = 0; start < WeightGradientNorms.Count; start += batchesPerEpoch)
        {
            double sum = 0;
            int count = 0;
            for (int i = start; i < Math.Min(start + batchesPerEpoch, WeightGradientNorms.Count); i++)
            {
                sum += WeightGradientNorms[i][0] / WeightGradientNorms[i][^1];
                count++;
            }
            ratios.Add(sum / count);
        }
        return [.. ratios];
    }

    /// <summary>Each affine layer's weight-gradient norm averaged over all iterations.</summary>
    public double[] MeanWeightGradientNormPerLayer()
    {
        int layers = WeightGradientNorms.Count == 0 ? 0 : WeightGradientNorms[0].Length;
        var mean = new double[layers];
        foreach (var norms in WeightGradientNorms)
            for (int l = 0; l < layers; l++) mean[l] += norms[l] / WeightGradientNorms.Count;
        return mean;
    }
}
