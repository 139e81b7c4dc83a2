"""Is my scan done, and did it work? One status vocabulary over many scanning vendors' APIs.

The status layer itself (ScanState, normalize, the vendor adapters) is still to come; the
typed vendor clients it builds on are generated into generated/ from specs/.
"""
