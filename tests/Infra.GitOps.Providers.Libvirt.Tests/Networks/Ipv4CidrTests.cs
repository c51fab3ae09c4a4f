using Infra.GitOps.Providers.Libvirt.Networks;

namespace Infra.GitOps.Providers.Libvirt.Tests.Networks;

public sealed class Ipv4CidrTests
{
    [TestCase("10.0.0.0/24", "10.0.0.128/25", true)]
    [TestCase("10.0.0.0/24", "10.0.1.0/24", false)]
    [TestCase("10.0.0.0/8", "10.255.255.0/24", true)]
    [TestCase("192.168.0.0/30", "192.168.0.4/30", false)]
    public void Overlaps_TwoRanges_ComparesAddressSpans(string left, string right, bool expected)
    {
        var parsedLeft = Ipv4Cidr.TryParse(left, out var a, out _);
        var parsedRight = Ipv4Cidr.TryParse(right, out var b, out _);
        Assert.That(parsedLeft && parsedRight, Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(a.Overlaps(b), Is.EqualTo(expected));
            Assert.That(b.Overlaps(a), Is.EqualTo(expected));
        });
    }

    [TestCase("10.0.0.0/24", "10.0.0.0/24")]
    [TestCase("0.0.0.0/0", "0.0.0.0/0")]
    [TestCase("172.16.4.0/22", "172.16.4.0/22")]
    public void TryParse_ValidCidr_RoundTrips(string text, string expected)
    {
        Assert.That(Ipv4Cidr.TryParse(text, out var cidr, out var error), Is.True, error);
        Assert.That(cidr.ToString(), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("/")]
    [TestCase("10.0.0/24")]
    [TestCase("10.0.0.0/-1")]
    [TestCase("10.0.0.0/ 24")]
    [TestCase("a.b.c.d/24")]
    [TestCase("10.0.0.0/240000000000000000000")]
    public void TryParse_Malformed_ReturnsFalseWithReason(string text)
    {
        Assert.That(Ipv4Cidr.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain($"'{text}'"));
    }

    [TestCase("255.255.255.0", 24)]
    [TestCase("255.255.0.0", 16)]
    [TestCase("255.0.255.0", -1)]
    [TestCase("0.0.0.0", 0)]
    [TestCase("255.255.255.255", 32)]
    public void PrefixOf_Netmask_ReturnsLengthOrMinusOne(string netmask, int expected) =>
        Assert.That(Ipv4Cidr.PrefixOf(System.Net.IPAddress.Parse(netmask)), Is.EqualTo(expected));
}
