using NativeNet.Layers;
using NativeNet.Optimizers;
using NativeNet.Tensors;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Optimizers;

public class OptimizerStateTests
{
    private static Parameter<double>[] Network(ulong seed)
    {
        var rng = new Rng(seed);
        return
        [
            new("fc1.weight", NdArray<double>.FromArray(Values(rng, 12), 3, 4)),
            new("fc1.bias", NdArray<double>.FromArray(Values(rng, 4)), isWeight: false),
            new("fc2.weight", NdArray<double>.FromArray(Values(rng, 20), 4, 5)),
        ];
    }

    private static void FillGradients(Parameter<double>[] parameters, Rng rng)
    {
        foreach (var p in parameters) rng.FillNormal(p.Grad.Span, 0.0, 1.0);
    }

    public static TheoryData<string> Rules() => ["sgd", "momentum", "nesterov-framework", "rmsprop", "adam-amsgrad", "adamw", "adagrad"];

    private static Optimizer<double> Create(string rule, Parameter<double>[] p) => rule switch
    {
        "sgd" => new Sgd<double>(p, 0.1, 0.01),
        "momentum" => new Momentum<double>(p, 0.1, 0.9, MomentumConvention.Classic, nesterov: true),
        "nesterov-framework" => new Momentum<double>(p, 0.1, 0.9, MomentumConvention.Framework, nesterov: true),
        "rmsprop" => new RmsProp<double>(p, 0.01, momentum: 0.5, centered: true, weightDecay: 0.01),
        "adam-amsgrad" => new Adam<double>(p, 0.01, amsGrad: true),
        "adamw" => new AdamW<double>(p, 0.01),
        "adagrad" => new Adagrad<double>(p, 0.1, learningRateDecay: 0.01),
        _ => throw new ArgumentException(rule),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void ExportImportRoundTripContinuesBitIdentically(string rule)
    {
        var original = Network(1);
        var optimizer = Create(rule, original);
        var rng = new Rng(2);
        for (int s = 0; s < 4; s++)
        {
            FillGradients(original, rng);
            optimizer.Step();
        }
        optimizer.LearningRate *= 0.5;
        var state = optimizer.ExportState();

        var restored = Network(99);
        for (int i = 0; i < original.Length; i++) original[i].Value.CopyTo(restored[i].Value);
        var resumed = Create(rule, restored);
        resumed.ImportState(state);
        Assert.Equal(optimizer.StepCount, resumed.StepCount);
        Assert.Equal(optimizer.LearningRate, resumed.LearningRate);

        var gradientRng = new Rng(3);
        for (int s = 0; s < 5; s++)
        {
            FillGradients(original, gradientRng.Clone());
            FillGradients(restored, gradientRng);
            optimizer.Step();
            resumed.Step();
        }
        for (int i = 0; i < original.Length; i++) AssertBitIdentical(original[i].Value.Span, restored[i].Value.Span);
    }

    [Fact]
    public void ExportNamesTensorsByParameterAndSlotAndCopiesThem()
    {
        var parameters = Network(1);
        var momentum = new Momentum<double>(parameters, 0.1);
        FillGradients(parameters, new Rng(5));
        momentum.Step();
        var state = momentum.ExportState();
        Assert.Equal(["fc1.bias.velocity", "fc1.weight.velocity", "fc2.weight.velocity"], state.Tensors.Keys.Order());
        Assert.Equal(1.0, state.Scalars["step"]);
        Assert.Equal(0.1, state.Scalars["learning_rate"]);
        Assert.True(state.Tensors["fc1.weight.velocity"].HasShape(3, 4));
        double before = state.Tensors["fc2.weight.velocity"][0];
        momentum.Step();
        Assert.Equal(before, state.Tensors["fc2.weight.velocity"][0]);

        var adam = new Adam<double>(parameters);
        Assert.Contains("fc1.weight.m", adam.ExportState().Tensors.Keys);
        Assert.Contains("fc1.weight.v", adam.ExportState().Tensors.Keys);
    }

    [Fact]
    public void ImportRejectsBadStateWithClearErrorsAndChangesNothing()
    {
        var parameters = Network(1);
        var adam = new Adam<double>(parameters);
        var good = adam.ExportState();
        var tensors = new Dictionary<string, NdArray<double>>(good.Tensors);
        var scalars = new Dictionary<string, double>(good.Scalars);

        var missing = new Dictionary<string, NdArray<double>>(tensors);
        missing.Remove("fc2.weight.v");
        var ex = Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState<double>(missing, scalars)));
        Assert.Contains("fc2.weight.v", ex.Message);

        var wrongShape = new Dictionary<string, NdArray<double>>(tensors) { ["fc1.weight.m"] = NdArray<double>.Full(7.0, 4, 3) };
        ex = Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState<double>(wrongShape, scalars)));
        Assert.Contains("fc1.weight.m", ex.Message);
        Assert.Contains("(4, 3)", ex.Message);
        Assert.Contains("(3, 4)", ex.Message);

        var extra = new Dictionary<string, NdArray<double>>(tensors) { ["fc1.weight.velocity"] = NdArray<double>.Zeros(3, 4) };
        ex = Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState<double>(extra, scalars)));
        Assert.Contains("fc1.weight.velocity", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState<double>(tensors, new Dictionary<string, double>())));
        Assert.Contains("step", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState<double>(tensors, new Dictionary<string, double> { ["step"] = 1.5 })));
        Assert.Contains("step", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState<double>(tensors, new Dictionary<string, double> { ["step"] = 1, ["beta"] = 1 })));
        Assert.Contains("beta", ex.Message);

        Assert.Equal(0, adam.StepCount);
        Assert.Equal(0.0, adam.GetState(parameters[0], "m")[0]);
    }

    [Fact]
    public void DuplicateNamesAndUnknownSlotsAreReported()
    {
        var a = Parameter("weight", [1.0]);
        var b = Parameter("weight", [2.0]);
        var sgd = new Momentum<double>([a, b], 0.1);
        var ex = Assert.Throws<InvalidOperationException>(() => sgd.ExportState());
        Assert.Contains("weight", ex.Message);
        var argEx = Assert.Throws<ArgumentException>(() => sgd.GetState(a, "m"));
        Assert.Contains("velocity", argEx.Message);
        Assert.Throws<ArgumentException>(() => sgd.GetState(Parameter("other", [0.0]), "velocity"));
    }
}
