namespace NativeNet.Data;

/// <summary>How a version of CIFAR-10 or CIFAR-100 stores its images and labels.</summary>
public enum CifarFormat
{
    /// <summary>Fixed-size records: label byte(s), then 3,072 pixel bytes.</summary>
    Binary,
    /// <summary>Python pickles of a dict (protocol 2 as distributed, or 3 to 5 as re-saved by Python 3).</summary>
    Python,
    /// <summary>MATLAB level-5 MAT-files (CIFAR-100 only).</summary>
    Matlab,
}
