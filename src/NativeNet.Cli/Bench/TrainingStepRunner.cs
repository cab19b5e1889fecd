using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Tensors;

namespace NativeNet.Cli.Bench;

/// <summary>
/// A <see cref="TrainWorkload"/> ready to step: the model, its optimizer and loss, and 16 pre-generated random
/// batches (normal inputs, uniform labels) cycled in turn, as the PyTorch script does. <see cref="Step"/> is what the
/// Solver does per iteration minus gathering the batch: forward, loss, backward, update.
/// </summary>
public sealed class TrainingStepRunner
{
    /// <summary>How many distinct batches are cycled.</summary>
    public const int BatchCount = 16;

    private readonly NdArray<float>[] _inputs = new NdArray<float>[BatchCount];
    private readonly int[][] _labels = new int[BatchCount][];
    private readonly ClassificationLoss<float> _loss = TrainWorkload.BuildLoss();
    private int _next;

    /// <summary>Builds the model, optimizer and batches from <paramref name="seed"/>.</summary>
    public TrainingStepRunner(TrainWorkload workload, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(workload);
        Workload = workload;
        Model = workload.BuildModel(seed);
        Optimizer = workload.BuildOptimizer(Model.Parameters);
        var data = Rng.ForStream(seed, 1);
        for (int b = 0; b < BatchCount; b++)
        {
            _inputs[b] = NdArray<float>.RandomNormal(data, 0f, 1f, workload.BatchSize, workload.InputSize);
            _labels[b] = new int[workload.BatchSize];
            for (int i = 0; i < workload.BatchSize; i++) _labels[b][i] = data.NextInt(workload.Classes);
        }
    }

    /// <summary>The workload.</summary>
    public TrainWorkload Workload { get; }

    /// <summary>The model being trained.</summary>
    public Sequential<float> Model { get; }

    /// <summary>The optimizer stepping <see cref="Model"/>'s parameters.</summary>
    public Optimizer<float> Optimizer { get; }

    /// <summary>One training step on the next batch; returns its loss.</summary>
    public float Step()
    {
        int b = _next;
        _next = (_next + 1) % BatchCount;
        var (loss, _, _, _) = Model.ComputeLoss(_inputs[b], _labels[b], _loss);
        Optimizer.Step();
        return loss;
    }
}
