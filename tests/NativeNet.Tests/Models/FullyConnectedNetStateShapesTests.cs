using NativeNet.Models;

namespace NativeNet.Tests.Models;

public class FullyConnectedNetStateShapesTests
{
    [Theory]
    [InlineData(Normalization.None, 0.0, "relu")]
    [InlineData(Normalization.Batch, 0.2, "tanh")]
    [InlineData(Normalization.Batch, 0.0, "relu")]
    [InlineData(Normalization.Layer, 0.0, "sigmoid")]
    public void StateShapesAreWhatBuildCreates(Normalization normalization, double dropout, string activation)
    {
        var spec = new FullyConnectedNetSpec { InputSize = 12, HiddenSizes = [7, 5], Classes = 3, Normalization = normalization, DropProbability = dropout, Activation = activation };
        var built = FullyConnectedNet.Build<float>(spec).State().Select(s => (s.Name, string.Join(",", s.Value.Shape.ToArray())));
        var predicted = FullyConnectedNet.StateShapes(spec).Select(s => (s.Name, string.Join(",", s.Shape)));
        Assert.Equal(built, predicted);
    }
}
