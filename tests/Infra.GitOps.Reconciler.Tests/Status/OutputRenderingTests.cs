using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Reconciler.Status;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests.Status;

public class OutputRenderingTests
{
    [Test]
    public void Mask_SecretsAnywhere_NeverShowsThePlaintext()
    {
        var outputs = new Dictionary<string, PropertyValue>
        {
            ["db.password"] = new SecretValue(new StringValue("hunter2")),
            ["db.connection"] = ObjectValue.Empty.With("user", new StringValue("app")).With("password", new SecretValue(new StringValue("hunter2"))),
            ["web.ipAddresses"] = new ArrayValue([new StringValue("10.0.0.2"), new StringValue("10.0.0.3")]),
            ["web.ipAddress"] = new StringValue("10.0.0.2"),
            ["disk.sizeGb"] = new NumberValue(1),
        };

        var masked = OutputRendering.Mask(outputs);

        Assert.Multiple(() =>
        {
            Assert.That(masked["db.password"], Is.EqualTo("[secret]"));
            Assert.That(masked["db.connection"], Is.EqualTo("""{"password":"[secret]","user":"app"}"""));
            Assert.That(masked["web.ipAddresses"], Is.EqualTo("""["10.0.0.2","10.0.0.3"]"""));
            Assert.That(masked["web.ipAddress"], Is.EqualTo("10.0.0.2"));
            Assert.That(masked["disk.sizeGb"], Is.EqualTo("1"));
            Assert.That(string.Join(" ", masked.Values), Does.Not.Contain("hunter2"));
        });
    }
}
