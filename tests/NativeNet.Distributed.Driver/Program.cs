using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Driver;
using NativeNet.Distributed.Mpi;

// Usage: NativeNet.Distributed.Driver SHARDS OUTPUT_DIR — every rank trains ReferenceRun and writes rank<r>.bin.
if (args.Length != 2 || !int.TryParse(args[0], out int shards))
{
    Console.Error.WriteLine("error: usage: NativeNet.Distributed.Driver SHARDS OUTPUT_DIR");
    return 2;
}
using ICommunicator world = MpiLaunch.IsLaunched ? MpiCommunicator.Initialize() : new SingleProcessCommunicator();
try
{
    world.Timeout = TimeSpan.FromSeconds(60);
    byte[] result = ReferenceRun.Train(world, shards);
    Directory.CreateDirectory(args[1]);
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
