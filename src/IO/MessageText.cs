using System.Text;

namespace TorchAe.IO;

/// <summary>Text from a file or a parser, made fit for a one-line message: control characters (CR, LF, tab, …) are
/// written as escapes (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\x1B</c>) and long text is cut with an ellipsis, so a
/// refusal never spans lines however the file is damaged.</summary>
internal static class MessageText
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Refuses bytes that are not UTF-8 with the byte offset (<paramref name="offset"/> is where they start in
    /// the file): JSON readers accept invalid UTF-8 inside strings and fail only when the string is read.</summary>
    public static void CheckUtf8(string path, ReadOnlySpan<byte> bytes, long offset = 0)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new DataFormatException(path, $"byte {offset + Math.Max(e.Index, 0)}: not UTF-8 text");
        }
    }

    /// <summary><paramref name="text"/> on one line, at most <paramref name="max"/> characters of it.</summary>
    public static string OneLine(string text, int max = 120)
    {
        var result = new StringBuilder(Math.Min(text.Length, max) + 8);
        foreach (var ch in text)
        {
            if (result.Length >= max) return result.Append('…').ToString();
            result.Append(ch switch
            {
                '\r' => @"\r",
                '\n' => @"\n",
                '\t' => @"\t",
                _ when char.IsControl(ch) || ch is '\u2028' or '\u2029' or '\u0085' => $"\\x{(int)ch:X2}",
                _ => ch.ToString(),
            });
        }
        return result.ToString();
    }
}
