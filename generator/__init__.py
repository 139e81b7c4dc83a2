"""Turns the hand-written OpenAPI specs in specs/ into typed client packages in generated/.

Build-time only: nothing here is shipped inside a generated client.
"""
