using Infra.GitOps.Model;
using Spectre.Console;

namespace Infra.GitOps.Cli;

/// <summary>
/// Where commands write: standard output for results, standard error for diagnostics and errors. Rich output
/// (colours, trees, live progress) through Spectre.Console on a terminal; plain text when output is redirected
/// or <c>CI</c> is set, so logs stay greppable.
/// </summary>
public sealed class CliConsole
{
    private readonly TextWriter _error;

    /// <summary>Creates a console over the given writers.</summary>
    public CliConsole(TextWriter output, TextWriter error, bool rich)
    {
        Output = output;
        _error = error;
        IsRich = rich;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = rich ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = rich ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = rich ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        if (!rich)
        {
            Ansi.Profile.Width = 200;
        }
    }

    /// <summary>Standard output as plain text.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard output through Spectre.Console.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>True on an interactive terminal without <c>CI</c> set.</summary>
    public bool IsRich { get; }

    /// <summary>The process console: rich unless redirected or <c>CI</c> is set.</summary>
    public static CliConsole FromEnvironment()
    {
        var rich = !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        return new CliConsole(Console.Out, Console.Error, rich);
    }

    /// <summary>Writes a line to standard output.</summary>
    public void WriteLine(string line = "") => Output.WriteLine(line);

    /// <summary>Writes an error line to standard error.</summary>
    public void Error(string message) => _error.WriteLine($"error: {message}");

    /// <summary>Writes diagnostics compiler-style to standard error, sorted.</summary>
    public void Diagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics.Order())
        {
            _error.WriteLine(diagnostic.ToString());
        }
    }
}
