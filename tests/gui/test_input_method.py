"""Chinese input on fcitx desktops (UOS, Kylin): Qt must be pointed at the IBus
plugin it has, or the user silently cannot type Chinese."""

import sys

import pytest

from app.ui.input_method import choose_input_module

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
SHIPPED = ["libcomposeplatforminputcontextplugin.so", "libibusplatforminputcontextplugin.so"]


@pytest.mark.parametrize(
    "environ",
    [
        {"QT_IM_MODULE": "fcitx"},
        {"QT_IM_MODULE": "fcitx5"},
        {"XMODIFIERS": "@im=fcitx"},
        {"GTK_IM_MODULE": "fcitx"},
    ],
)
def test_an_fcitx_desktop_gets_the_ibus_plugin_qt_ships(environ):
    assert choose_input_module(environ, SHIPPED) == "ibus"


@pytest.mark.parametrize(
    "environ", [{}, {"QT_IM_MODULE": "ibus"}, {"QT_IM_MODULE": "xim", "XMODIFIERS": "@im=fcitx"}]
)
def test_other_desktops_are_left_alone(environ):
    assert choose_input_module(environ, SHIPPED) is None


def test_a_real_fcitx_plugin_is_used_when_present():
    plugins = SHIPPED + ["libfcitx5platforminputcontextplugin.so"]
    assert choose_input_module({"QT_IM_MODULE": "fcitx"}, plugins) is None


def test_the_installed_qt_has_the_ibus_plugin_we_fall_back_to():
    from app.ui.input_method import qt_input_plugins

    assert any("ibus" in name for name in qt_input_plugins())
