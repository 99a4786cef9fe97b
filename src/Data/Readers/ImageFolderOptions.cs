using TorchAe.Options;

namespace TorchAe.Data.Readers;

/// <summary>How <see cref="ImageFolderReader"/> reads a folder of images.</summary>
public sealed record ImageFolderOptions
{
    /// <summary>null (default): every image must have the first image's size; otherwise every image is resampled to
    /// this size (Mitchell cubic filter).</summary>
    public (int Width, int Height)? Resize
    {
        get;
        init => field = value is not { } v || (v.Width > 0 && v.Height > 0) ? value
            : throw new OptionException("resize", $"{v.Width}x{v.Height}", "a positive WIDTHxHEIGHT");
    }
}
