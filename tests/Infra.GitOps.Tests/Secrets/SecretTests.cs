using Infra.GitOps.Secrets;
using NUnit.Framework;

namespace Infra.GitOps.Tests.Secrets;

public class SecretTests
{
    [Test]
    public void ToString_Always_Masks()
    {
        var secret = new Secret<string>("hunter2");

        Assert.Multiple(() =>
        {
            Assert.That(secret.ToString(), Is.EqualTo("[secret]"));
            Assert.That($"{secret}", Does.Not.Contain("hunter2"));
            Assert.That(secret.Value, Is.EqualTo("hunter2"));
        });
    }

    [Test]
    public void Equals_SameValue_True()
    {
        var first = new Secret<int>(4);
        var second = new Secret<int>(4);

        Assert.That(first, Is.EqualTo(second));
    }
}
