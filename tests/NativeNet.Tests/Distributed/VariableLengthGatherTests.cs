using NativeNet.Distributed.Communication;

namespace NativeNet.Tests.Distributed;

/// <summary>The all-gather of messages of different lengths (over MPI in <c>SweepCommandTests</c>).</summary>
public class VariableLengthGatherTests
{
    [Fact]
    public void OneRankGetsItsOwnMessageBack()
    {
        using var world = new SingleProcessCommunicator();
        var all = VariableLengthGather.AllGather(world, [1, 2, 3]);
        Assert.Equal([1, 2, 3], Assert.Single(all));
    }

    [Fact]
    public void AnEmptyMessageStaysEmpty()
    {
        using var world = new SingleProcessCommunicator();
        Assert.Empty(Assert.Single(VariableLengthGather.AllGather(world, [])));
    }
}
