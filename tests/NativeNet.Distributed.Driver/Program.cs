using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Driver;
using NativeNet.Distributed.Mpi;
using NativeNet.Models;

// Usage: NativeNet.Distributed.Driver SHARDS OUTPUT_DIR [batch-norm | FAILING_RANK FAILING_STEP throw|exit]
// Every rank trains ReferenceRun (with batch normalization when asked) and writes rank<r>.bin. With a fault, rank 0 also saves OUTPUT_DIR/checkpoint.safetensors
// after every epoch, and FAILING_RANK fails at FAILING_STEP (a thrown read error, or the process dying).
if (args.Length is not (2 or 3 or 5) || !int.TryParse(args[0], out int shards)
    || (args.Length == 3 && args[2] != "batch-norm")
    || (args.Length == 5 && (!int.TryParse(args[2], out _) || !int.TryParse(args[3], out _) || !Enum.TryParse<Fault>(args[4], ignoreCase: true, out _))))
{
    Console.Error.WriteLine("error: usage: NativeNet.Distributed.Driver SHARDS OUTPUT_DIR [batch-norm | FAILING_RANK FAILING_STEP throw|exit]");
    return 2;
}
ICommunicator mpi = MpiLaunch.IsLaunched ? MpiCommunicator.Initialize() : new SingleProcessCommunicator();
using ICommunicator world = args.Length == 5 ? new FaultyCommunicator(mpi, int.Parse(args[2]), int.Parse(args[3]), Enum.Parse<Fault>(args[4], ignoreCase: true)) : mpi;
try
{
    world.Timeout = TimeSpan.FromSeconds(60);
    Directory.CreateDirectory(args[1]);
    string? checkpoint = args.Length == 5 ? Path.Combine(args[1], "checkpoint.safetensors") : null;
    var normalization = args.Length == 3 ? Normalization.Batch : Normalization.None;
    byte[] result = ReferenceRun.Train(world, shards, checkpoint: checkpoint, normalization: normalization);
    File.WriteAllBytes(Path.Combine(args[1], $"rank{world.Rank}.bin"), result);
    Console.WriteLine($"rank {world.Rank} of {world.Size}: {result.Length} bytes");
    return 0;
}
catch (Exception e) when (world.Size > 1)
{
    Console.Error.WriteLine($"error: rank {world.Rank}: {e.Message}");
    world.Abort(1);
    return 1;
}
