using Infra.GitOps.Providers.Libvirt.Native;
using NUnit.Framework;

namespace Infra.GitOps.Providers.Libvirt.Tests;

internal sealed class LibvirtExceptionTests
{
    [TestCase(LibvirtErrorCode.InternalError, "internal error: pool 'p' has asynchronous jobs running.", true)]
    [TestCase(LibvirtErrorCode.InternalError, "internal error: unexpected volume XML", false)]
    [TestCase(LibvirtErrorCode.SystemError, "cannot open file: Resource temporarily unavailable", true)]
    [TestCase(LibvirtErrorCode.SystemError, "cannot open file: No such file or directory", false)]
    public void IsTransient_ByCodeAndMessage_TellsWhetherRetryingMayHelp(LibvirtErrorCode code, string message, bool transient)
    {
        Assert.That(new LibvirtException(code, message).IsTransient, Is.EqualTo(transient));
    }
}
