using System.Text.RegularExpressions;
using NativeNet.Cli.DataSources;
using NativeNet.Cli.Experiments;
using NativeNet.Cli.Initializations;
using NativeNet.Cli.Normalizations;
using NativeNet.Cli.Optimizers;
using NativeNet.Cli.Playground;
using NativeNet.Cli.Registries;
using NativeNet.Cli.Regularization;
using NativeNet.Cli.Schedules;
using NativeNet.Cli.Sweeps;
using NativeNet.Cli.Tasks;
using NativeNet.Layers;
using NativeNet.Optimizers;
using NativeNet.Tensors;
using NativeNet.Tests.Generators;

namespace NativeNet.Tests.Cli;

/// <summary>The registries the CLI's choices, help, errors and docs/cli.md's tables are made from.</summary>
public class RegistryTests
{
    private static string Docs() => File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot(), "docs", "cli.md")).Replace("\r\n", "\n");

    [Fact]
    public void DocsHoldTheTableOfEveryRegistry()
    {
        string docs = Docs();
        Assert.Contains(OptimizerCatalog.Registry.MarkdownTable("optimizer"), docs);
        Assert.Contains(NormalizationCatalog.Registry.MarkdownTable("norm"), docs);
        Assert.Contains(InitializationCatalog.Registry.MarkdownTable("init"), docs);
        Assert.Contains(ObjectiveCatalog.Registry.MarkdownTable("objective"), docs);
        Assert.Contains(TaskCatalog.Registry.MarkdownTable("task"), docs);
        Assert.Contains(ExperimentCatalog.MarkdownTable(), docs);
        Assert.Contains(SweepAxisCatalog.Registry.MarkdownTable("axis"), docs);
    }

    [Fact]
    public void DocsDataTableListsEveryDataSourceInOrder()
    {
        string docs = Docs();
        int start = docs.IndexOf("| spec | source |", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/cli.md has no data table");
        var rows = docs[start..].Split('\n').Skip(2).TakeWhile(l => l.StartsWith('|'));
        var specs = rows.Select(l => Regex.Match(l, "`([^`]+)`").Groups[1].Value).ToArray();
        Assert.Equal(DataSourceKind.All.Select(k => k.Syntax), specs);
    }

    [Theory]
    [InlineData("float")]
    [InlineData("double")]
    public void EveryRegisteredOptimizerBuilds(string type)
    {
        foreach (var kind in OptimizerCatalog.Registry.All)
        {
            var optimizer = type == "float"
                ? (object)OptimizerCatalog.Create(kind.Name, [new Parameter<float>("w", NdArray<float>.Zeros(2, 2), isWeight: true)], 0.1, null, 0)
                : OptimizerCatalog.Create(kind.Name, [new Parameter<double>("w", NdArray<double>.Zeros(2, 2), isWeight: true)], 0.1, null, 0);
            Assert.NotNull(optimizer);
        }
    }

    [Fact]
    public void EachOptimizerNameBuildsItsRuleWithTheGivenHyperparameters()
    {
        Optimizer<double> Build(string name, double? momentum = null) =>
            OptimizerCatalog.Create(name, [new Parameter<double>("w", NdArray<double>.Zeros(2, 2), isWeight: true)], 0.05, momentum, 0.01, beta2: 0.98, epsilonInsideSqrt: true);
        Assert.IsType<Sgd<double>>(Build("sgd"));
        var momentum = Assert.IsType<Momentum<double>>(Build("momentum"));
        Assert.Equal((0.9, false), (momentum.MomentumCoefficient, momentum.Nesterov));
        var nesterov = Assert.IsType<Momentum<double>>(Build("nesterov", 0.5));
        Assert.Equal((0.5, true), (nesterov.MomentumCoefficient, nesterov.Nesterov));
        Assert.Equal(0.0, Assert.IsType<RmsProp<double>>(Build("rmsprop")).MomentumCoefficient);
        var adam = Assert.IsType<Adam<double>>(Build("adam", 0.8));
        Assert.Equal((0.8, 0.98, true), (adam.Beta1, adam.Beta2, adam.EpsilonInsideSqrt));
        var adamw = Assert.IsType<AdamW<double>>(Build("adamw"));
        Assert.Equal((0.9, 0.98, true, WeightDecayMode.Decoupled), (adamw.Beta1, adamw.Beta2, adamw.EpsilonInsideSqrt, adamw.WeightDecayMode));
        Assert.IsType<Adagrad<double>>(Build("adagrad"));
        foreach (var kind in OptimizerCatalog.Registry.All)
            Assert.Equal((0.05, 0.01), (Build(kind.Name).LearningRate, Build(kind.Name).WeightDecay));
        Assert.Throws<NativeNet.Cli.UsageException>(() => Build("nesterow"));
    }

    [Fact]
    public void EveryRegisteredObjectiveBuilds()
    {
        var arguments = new ObjectiveArguments { SingularValues = [1, 0.1], Samples = 5, Dimension = 2, Seed = 1 };
        foreach (var kind in ObjectiveCatalog.Registry.All)
            Assert.True(kind.Build(arguments).Dimension > 0, kind.Name);
    }

    [Fact]
    public void UnknownNamesSuggestTheClosestOne()
    {
        var registry = NormalizationCatalog.Registry;
        Assert.Equal("unknown normalization 'btach' (did you mean 'batch'?); choose one of none, batch, layer", registry.Unknown("btach"));
        Assert.Equal("unknown normalization 'group'; choose one of none, batch, layer", registry.Unknown("group"));
        Assert.Equal("layer", registry.Get("layer").Name);
        Assert.Throws<NativeNet.Cli.UsageException>(() => registry.Get("group"));
        Assert.Equal("overfit", SpellingSuggestion.Closest("overfitt", ExperimentCatalog.Registry.Names));
    }

    [Fact]
    public void HelpListsEveryRegisteredName()
    {
        string train = CliInvocation.Run("train", "--help").Out;
        foreach (var name in OptimizerCatalog.Registry.Names.Concat(NormalizationCatalog.Registry.Names).Concat(InitializationCatalog.Registry.Names)
                     .Concat(OptimizerCatalog.WeightDecayModes.Names).Concat(L2ConventionCatalog.Registry.Names).Concat(ScheduleCatalog.Registry.Names))
            Assert.Contains(name, train);
        string playground = CliInvocation.Run("playground", "--help").Out;
        foreach (var name in ObjectiveCatalog.Registry.Names.Concat(OptimizerCatalog.Registry.Names)) Assert.Contains(name, playground);
        string experiment = CliInvocation.Run("experiment", "--help").Out;
        foreach (var kind in ExperimentCatalog.Registry.All)
        {
            Assert.Contains(kind.Name, experiment);
            Assert.Contains(kind.Description, experiment);
        }
    }

    [Fact]
    public void EveryExperimentComparesOnlySharedOptions()
    {
        string help = CliInvocation.Run("experiment", "--help").Out;
        foreach (var kind in ExperimentCatalog.Registry.All)
            foreach (var option in kind.Compares)
            {
                Assert.Contains(option, help);
                var run = CliInvocation.Run("experiment", kind.Name, option, option == "--optimizer" ? "sgd" : "1", "--epochs", "1");
                Assert.Equal(2, run.ExitCode);
                Assert.Contains($"experiment {kind.Name} compares", run.Error);
            }
    }
}
