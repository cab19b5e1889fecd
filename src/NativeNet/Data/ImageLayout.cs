namespace NativeNet.Data;

/// <summary>The axis order of a batch of images.</summary>
public enum ImageLayout
{
    /// <summary>(N, channels, height, width): CIFAR's binary files and PyTorch.</summary>
    Nchw,
    /// <summary>(N, height, width, channels): TensorFlow and most image libraries.</summary>
    Nhwc,
}
