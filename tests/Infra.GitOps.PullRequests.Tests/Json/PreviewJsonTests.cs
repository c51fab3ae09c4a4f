using System.Text.Json;
using Infra.GitOps.PullRequests.Json;
using NUnit.Framework;

namespace Infra.GitOps.PullRequests.Tests.Json;

public class PreviewJsonTests
{
    [Test]
    public void Serialize_SecretBearingChange_MasksSecretsAndFlagsThem()
    {
        var json = PreviewJson.Serialize(SamplePreviews.SecretBearing());

        using var document = JsonDocument.Parse(json);
        var changes = document.RootElement.GetProperty("stacks")[0].GetProperty("steps")[0].GetProperty("changes");
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Not.Contain(SamplePreviews.Canary));
            Assert.That(changes[0].GetProperty("new").GetProperty("display").GetString(), Is.EqualTo("[secret]"));
            Assert.That(changes[0].GetProperty("new").GetProperty("secret").GetBoolean(), Is.True);
            Assert.That(changes[2].GetProperty("new").GetProperty("unknown").GetBoolean(), Is.True);
            Assert.That(changes[2].GetProperty("old").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void Serialize_InvalidStack_CarriesStatusCountsAndDiagnostics()
    {
        var json = PreviewJson.Serialize(SamplePreviews.Invalid());

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var prod = root.GetProperty("stacks")[1];
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("schemaVersion").GetInt32(), Is.EqualTo(PreviewJson.SchemaVersion));
            Assert.That(root.GetProperty("hasErrors").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("head").GetString(), Is.EqualTo(SamplePreviews.Head));
            Assert.That(prod.GetProperty("status").GetString(), Is.EqualTo("invalid"));
            Assert.That(prod.GetProperty("diagnostics")[0].GetProperty("code").GetString(), Is.EqualTo("GO1002"));
            Assert.That(prod.GetProperty("diagnostics")[0].GetProperty("line").GetInt32(), Is.EqualTo(7));
            Assert.That(root.GetProperty("totals").GetProperty("update").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public void Serialize_SamePreviewTwice_GivesSameText()
    {
        var first = PreviewJson.Serialize(SamplePreviews.Large());
        var second = PreviewJson.Serialize(SamplePreviews.Large());

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task WriteAsync_LargePreview_WritesExactlySerializeAsUtf8()
    {
        var preview = SamplePreviews.Large();
        using var stream = new MemoryStream();

        await PreviewJson.WriteAsync(stream, preview);

        Assert.That(System.Text.Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo(PreviewJson.Serialize(preview)));
    }
}
