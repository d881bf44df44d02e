"""Save a document as a password-protected Word 97-2003 .doc through LibreOffice's UNO bridge (system python3 with
the ``uno`` module, as LibreOffice ships it):  /usr/bin/python3 encrypt_doc_uno.py IN.docx OUT.doc PASSWORD
(make_doc.py runs it for password-secret.doc)."""
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def pv(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(src, dst, password):
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
                                 "--accept=socket,host=127.0.0.1,port=2719;urp;"])
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(120):
            try:
                ctx = resolver.resolve("uno:socket,host=127.0.0.1,port=2719;urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (pv("Hidden", True),))
        doc.storeToURL(uno.systemPathToFileUrl(dst), (pv("FilterName", "MS Word 97"), pv("Password", password)))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
        proc.wait(timeout=60)


if __name__ == "__main__":
    main(*sys.argv[1:4])
