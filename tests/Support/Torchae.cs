using TorchAe.Cli;

namespace TorchAe.Tests.Support;

/// <summary>Runs <c>torchae</c> in-process and captures what it prints.</summary>
public static class Torchae
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
