using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;
using Infra.GitOps.State.Serialization;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

/// <summary>
/// The compact writer of begin lines must write exactly what the full writer (<c>Utf8JsonWriter</c>) writes, with the
/// same layout, whenever it writes at all, and refuse what it cannot write: the checkpoint copies these bytes, and a
/// streamed checkpoint is compared byte for byte with a fully written one.
/// </summary>
public class CompactLineWriterTests
{
    private static readonly SecretsCrypter Plain = SecretsCrypter.WithoutKey(null);

    // Strings the compact writer copies, and strings it must refuse (escaped by JSON, or not ASCII).
    private static readonly string[] PlainStrings = ["", "web", "urn:pulumi:dev::lab::libvirt:index/domain:Domain::web", "a b+c<d>&'e'/f", "10.0.0.5", "~!@#$%^*()[]{}|;:,.?`="];
    private static readonly string[] EscapedStrings = ["say \"hi\"", "back\\slash", "tab\there", "line\nbreak", "nul\0", "del\u007f", "caf\u00e9", "snow \u2603", "pair \ud83d\ude00", "lone \ud800"];

    [Test]
    public void Begin_GeneratedResources_SameBytesAndLayoutAsTheFullWriter([Range(1, 300)] int seed)
    {
        var random = new Random(seed);
        var operation = new PendingOperation(Generate(random, allowEscaped: seed % 3 == 0), (PendingOperationType)random.Next(0, 5));

        var (expected, expectedLayout) = Full(operation);
        var scratch = new byte[random.Next(1, 4) == 1 ? 8 : 4096];
        var written = JournalLineSerializer.TryWriteBeginCompact(operation, ref scratch, out var length, out var layout);

        if (seed % 3 != 0)
        {
            Assert.That(written, Is.True, "a resource of plain strings and integers only was refused");
        }

        if (written)
        {
            Assert.Multiple(() =>
            {
                Assert.That(Encoding.UTF8.GetString(scratch, 0, length), Is.EqualTo(Encoding.UTF8.GetString(expected)));
                Assert.That(Describe(layout), Is.EqualTo(Describe(expectedLayout)));
            });
        }
    }

    [Test]
    public void Begin_EachPrintableAsciiCharacter_WrittenOnlyAsTheFullWriterWritesIt()
    {
        var refused = new List<char>();
        for (var c = (char)0x20; c < 0x7f; c++)
        {
            var operation = Creating(Bare() with { Inputs = ObjectValue.Empty.With("k", PropertyValue.Of("x" + c + "y")) });
            var scratch = new byte[256];
            if (!JournalLineSerializer.TryWriteBeginCompact(operation, ref scratch, out var length, out _))
            {
                refused.Add(c);
                continue;
            }

            Assert.That(Encoding.UTF8.GetString(scratch, 0, length), Is.EqualTo(Encoding.UTF8.GetString(Full(operation).Bytes)), $"character 0x{(int)c:x2}");
        }

        Assert.That(refused, Is.EqualTo(new[] { '"', '\\' }));
    }

    [TestCaseSource(nameof(Refused))]
    public void Begin_WhatOnlyTheFullWriterWrites_IsRefused(ResourceState resource)
    {
        var scratch = new byte[4096];

        Assert.That(JournalLineSerializer.TryWriteBeginCompact(Creating(resource), ref scratch, out _, out _), Is.False);
    }

    [Test]
    public void Begin_Times_TrimmedAsTheFullWriterTrimsThem()
    {
        var whole = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        var times = new[]
        {
            whole, whole.AddTicks(1), whole.AddTicks(10), whole.AddMilliseconds(1), whole.AddMilliseconds(120), whole.AddTicks(1_234_567),
            whole.AddTicks(9_999_990), new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.FromHours(2)), DateTimeOffset.MinValue, DateTimeOffset.MaxValue,
        };
        foreach (var time in times)
        {
            var operation = Creating(Bare() with { Created = time, Modified = time == DateTimeOffset.MaxValue ? time : time.AddTicks(100) });
            var scratch = new byte[512];

            Assert.That(JournalLineSerializer.TryWriteBeginCompact(operation, ref scratch, out var length, out _), Is.True, time.ToString("O"));
            Assert.That(Encoding.UTF8.GetString(scratch, 0, length), Is.EqualTo(Encoding.UTF8.GetString(Full(operation).Bytes)), time.ToString("O"));
        }
    }

    [Test]
    public void Begin_LineLongerThanTheLimit_IsRefused()
    {
        var huge = Bare() with { Inputs = ObjectValue.Empty.With("blob", PropertyValue.Of(new string('x', JournalLineSerializer.MaxCompactLine))) };
        var scratch = new byte[64];

        Assert.That(JournalLineSerializer.TryWriteBeginCompact(Creating(huge), ref scratch, out _, out _), Is.False);
        Assert.That(scratch, Has.Length.LessThanOrEqualTo(JournalLineSerializer.MaxCompactLine));
    }

    private static IEnumerable<TestCaseData> Refused()
    {
        foreach (var text in EscapedStrings)
        {
            yield return new TestCaseData(Bare() with { Inputs = ObjectValue.Empty.With("k", PropertyValue.Of(text)) }).SetArgDisplayNames($"value {Escape(text)}");
            yield return new TestCaseData(Bare() with { Inputs = ObjectValue.Empty.With(text, PropertyValue.Of(1)) }).SetArgDisplayNames($"key {Escape(text)}");
            yield return new TestCaseData(Bare() with { Id = text }).SetArgDisplayNames($"id {Escape(text)}");
        }

        yield return new TestCaseData(Bare() with { Inputs = ObjectValue.Empty.With("n", PropertyValue.Of(1.5)) }).SetArgDisplayNames("fraction");
        yield return new TestCaseData(Bare() with { Inputs = ObjectValue.Empty.With("n", PropertyValue.Of(-0.0)) }).SetArgDisplayNames("negative zero");
        yield return new TestCaseData(Bare() with { Inputs = ObjectValue.Empty.With("n", PropertyValue.Of(1e20)) }).SetArgDisplayNames("beyond exact integers");
        yield return new TestCaseData(Bare() with { Inputs = ObjectValue.Empty.With("s", new SecretValue(PropertyValue.Of("pw"))) }).SetArgDisplayNames("secret");
        yield return new TestCaseData(Bare() with { Inputs = ObjectValue.Empty.With("r", new ReferenceValue(StateSamples.UrnOf("net"), "id")) }).SetArgDisplayNames("unresolved reference");
        PropertyValue deep = PropertyValue.Of(1);
        for (var i = 0; i < 100; i++)
        {
            deep = new ArrayValue([deep]);
        }

        yield return new TestCaseData(Bare() with { Inputs = ObjectValue.Empty.With("deep", deep) }).SetArgDisplayNames("nested 100 deep");
    }

    private static ResourceState Generate(Random random, bool allowEscaped)
    {
        string Text() => allowEscaped && random.Next(4) == 0 ? EscapedStrings[random.Next(EscapedStrings.Length)] : PlainStrings[random.Next(PlainStrings.Length)] + random.Next(100);
        Urn UrnOf() => StateSamples.UrnOf(Text().Replace(":", "-", StringComparison.Ordinal));
        PropertyValue Value(int depth) => random.Next(depth > 3 ? 5 : 7) switch
        {
            0 => PropertyValue.Null,
            1 => PropertyValue.Of(random.Next(2) == 0),
            2 => PropertyValue.Of(random.Next(3) == 0 ? random.NextInt64(long.MinValue / 2048, long.MaxValue / 2048) : random.Next(-1000, 1000)),
            3 => random.Next(8) == 0 ? UnknownValue.Instance : PropertyValue.Of(Text()),
            4 => PropertyValue.Of(Text()),
            5 => new ArrayValue([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(depth + 1))]),
            _ => Object(depth + 1),
        };
        ObjectValue Object(int depth)
        {
            var members = ImmutableSortedDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
            for (var i = random.Next(0, 12); i > 0; i--)
            {
                members[Text()] = Value(depth);
            }

            return new ObjectValue(members.ToImmutable());
        }

        var dependencies = Enumerable.Range(0, random.Next(0, 4)).Select(_ => UrnOf()).ToImmutableArray();
        var propertyDependencies = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<Urn>>(StringComparer.Ordinal);
        for (var i = random.Next(0, 3); i > 0; i--)
        {
            propertyDependencies[Text()] = random.Next(4) == 0 ? default : [.. dependencies.Take(random.Next(0, dependencies.Length + 1))];
        }

        var created = StateSamples.Now.AddTicks(random.Next(0, 3) switch { 0 => 0, 1 => random.Next(0, 1000) * TimeSpan.TicksPerMillisecond, _ => random.NextInt64(0, TimeSpan.TicksPerDay) });
        return new ResourceState
        {
            Urn = UrnOf(),
            Custom = random.Next(5) != 0,
            Delete = random.Next(5) == 0,
            Type = new ResourceType("libvirt:index/domain:Domain"),
            Id = random.Next(2) == 0 ? null : Text(),
            Inputs = Object(0),
            Outputs = random.Next(3) == 0 ? Object(0) : ObjectValue.Empty,
            Parent = random.Next(4) == 0 ? null : StateSamples.StackUrn,
            Provider = random.Next(3) == 0 ? null : StateSamples.ProviderUrn.Value + "::" + Text(),
            Protect = random.Next(4) == 0,
            RetainOnDelete = random.Next(4) == 0,
            PendingReplacement = random.Next(6) == 0,
            Dependencies = random.Next(6) == 0 ? default : dependencies,
            PropertyDependencies = propertyDependencies.ToImmutable(),
            Created = random.Next(5) == 0 ? null : created,
            Modified = random.Next(5) == 0 ? null : created.AddTicks(random.Next(0, 10_000_000)),
            IgnoreChanges = random.Next(3) == 0 ? [Text(), Text()] : [],
            ReplaceOnChanges = random.Next(4) == 0 ? [Text()] : default,
        };
    }

    private static ResourceState Bare() => new()
    {
        Urn = StateSamples.UrnOf("bare"),
        Custom = true,
        Type = new ResourceType("libvirt:index/domain:Domain"),
    };

    private static PendingOperation Creating(ResourceState resource) => new(resource, PendingOperationType.Creating);

    private static (byte[] Bytes, ResourceLayout Layout) Full(PendingOperation operation)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, StateJson.WriterOptions(indented: false));
        var (_, layout) = JournalLineSerializer.WriteBegin(writer, buffer, operation, Plain);
        return (buffer.WrittenSpan.ToArray(), layout);
    }

    // The layout with its member offsets listed (an inline array has no built-in equality).
    private static string Describe(ResourceLayout layout)
    {
        var members = layout.InputMembers;
        return (layout with { InputMembers = default }).ToString() + " members [" + string.Join(",", Enumerable.Range(0, Math.Max(0, members.Count)).Select(i => members[i])) + $"] count {members.Count}";
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c is >= ' ' and < '\u007f' ? c.ToString() : $"\\u{(int)c:x4}"));
}
