using System.Text;

namespace TorchAe.IO;

/// <summary>Text from a file or a parser, made fit for a one-line message: control characters (CR, LF, tab, …) are
/// written as escapes (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\x1B</c>) and long text is cut with an ellipsis, so a
/// refusal never spans lines however the file is damaged.</summary>
public static class MessageText
{
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
