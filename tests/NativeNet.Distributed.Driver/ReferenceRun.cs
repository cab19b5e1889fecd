using System.Runtime.InteropServices;
using NativeNet.Data;
using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Training;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Training;

namespace NativeNet.Distributed.Driver;

/// <summary>
/// A small training run whose final parameters the reproducibility tests compare across rank counts: a 64-32-10 MLP
/// with dropout and an L2 penalty on the embedded digits, Adam with gradient clipping, two epochs of 64-sample
/// minibatches, optionally with batch normalization. 1,285 training samples leave a last minibatch of 5, so with 8 shards
/// some shards are empty, the first one among them.
/// </summary>
public static class ReferenceRun
{
    /// <summary>Training samples: 20 full minibatches and a partial one of 5.</summary>
    public const int TrainSamples = 1285;

    /// <summary>Trains and returns every parameter and buffer's bytes followed by each step's loss.</summary>
    /// <param name="communicator">The ranks, or null for the plain single-process solver without shards.</param>
    /// <param name="shards">Shards per minibatch (ignored without a communicator).</param>
    /// <param name="dropout">The drop probability of the hidden layer.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="checkpoint">When given, rank 0 (or the one process) saves the solver's checkpoint there after every epoch, as <c>train</c> does.</param>
    /// <param name="normalization">The hidden layer's normalization.</param>
    public static byte[] Train(ICommunicator? communicator, int shards, double dropout = 0.2, int epochs = 2, string? checkpoint = null,
        Normalization normalization = Normalization.None)
    {
        var digits = Datasets.Digits().Apply(new UnitRangeScaler<float>(0, 16));
        var (train, validation) = digits.SplitRandom(TrainSamples, seed: 3);
        var spec = new FullyConnectedNetSpec { InputSize = 64, HiddenSizes = [32], DropProbability = dropout, L2 = 1e-3, Seed = 7,
            Normalization = normalization,
        };
        var model = FullyConnectedNet.Build<float>(spec);
        var options = new SolverOptions
        {
            BatchSize = 64, Epochs = epochs, Seed = 11, MaxGradientNorm = 5, Penalty = spec.Penalty(), TrainAccuracySamples = 200,
            RestoreBestParameters = false,
        };
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 3e-3), train, validation, options)
        {
            MinibatchGradient = communicator is null ? null : new DataParallelGradient<float>(communicator, model, shards),
        };
        if (checkpoint is not null && (communicator is null || communicator.Rank == 0))
            solver.Progress += (_, p) =>
            {
                if (p.Kind == ProgressKind.Epoch) Checkpoint.Save(solver, checkpoint);
            };
        var result = solver.Train();
        if (result.Reason != StopReason.Completed) throw new InvalidOperationException(result.Message);
        var bytes = new List<byte>();
        foreach (var (_, value) in model.State()) bytes.AddRange(MemoryMarshal.AsBytes(value.Span).ToArray());
        foreach (double loss in solver.History.Loss) bytes.AddRange(BitConverter.GetBytes(loss));
        return bytes.ToArray();
    }
}
