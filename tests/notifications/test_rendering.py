from datetime import timedelta

import pytest
from django.utils import translation

from notifications import rendering, sms
from notifications.models import Channel, Notification
from tests.dossiers.conftest import act, advance, draft

pytestmark = pytest.mark.django_db


def test_to_gsm_drops_vietnamese_diacritics():
    assert sms.to_gsm("Hồ sơ đã được tiếp nhận – “Đà Lạt”…") == (
        'Ho so da duoc tiep nhan - "Da Lat"...'
    )


def test_gsm_length_counts_extension_characters_twice():
    assert sms.gsm_length("a[b]") == 6


def test_fit_keeps_a_short_text_in_one_part():
    assert sms.fit("Hồ sơ  H36-0001\nđã nhận", parts=3) == "Ho so H36-0001 da nhan"


def test_fit_shortens_the_words_and_keeps_the_link_whole():
    link = "https://dichvucong.lamdong.gov.vn/tra-cuu/?code=000.00.02.H36-260105-0001"
    text = "Lý do: " + "thiếu giấy tờ " * 80 + link
    fitted = sms.fit(text, parts=2)
    assert sms.gsm_length(fitted) <= 306
    assert fitted.endswith("... " + link)


def test_fit_cuts_a_text_without_link():
    fitted = sms.fit("a " * 400, parts=1)
    assert len(fitted) <= 160 and fitted.endswith("...")


def test_international_number_and_bad_numbers():
    assert sms.international("0912 345 678") == "84912345678"
    with pytest.raises(sms.DeliveryRefused):
        sms.international("12345")


def test_received_message_names_code_due_date_and_lookup_link(world):
    dossier = act(act(draft(world), "submit", world.citizen), "receive", world.clerk)
    email = Notification.objects.get(kind="receive", channel=Channel.EMAIL)
    sms_row = Notification.objects.get(kind="receive", channel=Channel.SMS)
    due = rendering.when(dossier.due_at)
    assert email.subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert dossier.code in email.text and due in email.text
    assert f"Kính gửi {dossier.applicant_name}," in email.text
    assert rendering.lookup_link(dossier.code) in email.text
    assert "<html" in email.html and dossier.code in email.html
    assert sms_row.text.startswith(f"Ho so {dossier.code} da duoc tiep nhan")
    assert sms_row.text.endswith(rendering.lookup_link(dossier.code))
    assert sms.to_gsm(due) in sms_row.text


def test_every_applicant_message_fits_three_sms_parts(world, settings):
    settings.SITE_URL = "https://dichvucong.lamdong.gov.vn"
    world.procedure.name = "Thủ tục " + "rất dài " * 60
    world.procedure.save()
    long_note = "Thiếu bản sao giấy khai sinh có chứng thực. " * 20
    dossier = act(draft(world), "submit", world.citizen)
    act(dossier, "return_for_supplement", world.clerk, note=long_note)
    texts = Notification.objects.filter(channel=Channel.SMS).values_list(
        "text", flat=True
    )
    assert len(texts) == 2
    for text in texts:
        assert sms.gsm_length(text) <= 3 * 153
        assert dossier.code in text and text.endswith(
            rendering.lookup_link(dossier.code)
        )


def test_apology_tells_the_new_date(world):
    dossier = advance(world, draft(world), "processing")
    new_due = dossier.due_at + timedelta(days=5)
    dossier = act(
        dossier, "apologize", world.officer, new_due_at=new_due, note="Chờ xác minh"
    )
    email = Notification.objects.get(kind="apologize", channel=Channel.EMAIL)
    assert f"Ngày hẹn trả kết quả mới: {rendering.when(new_due)}." in email.text
    assert "Lý do: Chờ xác minh" in email.text


def test_result_ready_message_follows_the_delivery_method(world):
    dossier = advance(world, draft(world), "result_ready")
    sms_row = Notification.objects.get(kind="approve", channel=Channel.SMS)
    assert "Moi nhan tai" in sms_row.text
    assert dossier.code in sms_row.text


def test_note_is_escaped_in_html_and_kept_plain_in_text(world):
    dossier = act(draft(world), "submit", world.citizen)
    act(dossier, "refuse", world.clerk, note="Sai <mẫu> & thiếu chữ ký")
    email = Notification.objects.get(kind="refuse", channel=Channel.EMAIL)
    assert "Sai <mẫu> & thiếu chữ ký" in email.text
    assert "Sai &lt;mẫu&gt; &amp; thiếu chữ ký" in email.html


def test_messages_stay_vietnamese_when_the_actor_browses_in_english(world):
    dossier = act(draft(world), "submit", world.citizen)
    with translation.override("en"):
        act(dossier, "receive", world.clerk)
    email = Notification.objects.get(kind="receive", channel=Channel.EMAIL)
    assert email.subject.startswith("Hồ sơ")
    assert " ngày " in email.text
