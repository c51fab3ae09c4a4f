using Infra.GitOps.Cli.Commands.Reconciling;
using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests;

/// <summary><see cref="ServeCommand.ParseDuration"/>: the forms <c>--poll-interval</c> and friends accept.</summary>
public class ServeCommandParseDurationTests
{
    public sealed record DurationCase(string Text, TimeSpan? Expected)
    {
        public override string ToString() => Text;
    }

    private static IEnumerable<DurationCase> Cases() =>
    [
        new("90", TimeSpan.FromSeconds(90)),
        new("90s", TimeSpan.FromSeconds(90)),
        new("500ms", TimeSpan.FromMilliseconds(500)),
        new("5m", TimeSpan.FromMinutes(5)),
        new("1h", TimeSpan.FromHours(1)),
        new("1.5s", TimeSpan.FromSeconds(1.5)),
        new("00:02:00", TimeSpan.FromMinutes(2)),
        new("0", null),
        new("-5s", null),
        new("soon", null),
        new("1e400s", null),
        new(string.Empty, null),
    ];

    [TestCaseSource(nameof(Cases))]
    public void ParseDuration_Text_GivesTheDurationOrNull(DurationCase data)
    {
        Assert.That(ServeCommand.ParseDuration(data.Text), Is.EqualTo(data.Expected));
    }

    [Test]
    public async Task Serve_BadPollInterval_IsAUsageError()
    {
        var result = await CliRun.RunAsync("serve", "--repo", "/nonexistent", "--poll-interval", "soon");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidInput));
            Assert.That(result.Error, Does.Contain("--poll-interval expects a positive duration"));
        });
    }
}
