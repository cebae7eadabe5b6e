import hashlib
import hmac
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from payments.gateways import PaymentOrder
from payments.gateways.vnpay import VnpayGateway, sign

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SECRET = "SECRETKEY123"


def gateway():
    return VnpayGateway(
        name="vnpay",
        tmn_code="DEMOTMN1",
        secret=SECRET,
        pay_url="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
        platform=2,
    )


def hand_hmac(data: str, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def test_signature_is_hmac_sha512_of_the_sorted_urlencoded_fields():
    params = {
        "vnp_TxnRef": "261202ABC",
        "vnp_Amount": "5000000",
        "vnp_OrderInfo": "Nop phi ho so 1",
        "vnp_TmnCode": "DEMOTMN1",
        "vnp_BankCode": "",  # empty fields are not signed
        "vnp_SecureHashType": "HmacSHA512",  # nor the hash fields
    }
    data = (
        "vnp_Amount=5000000&vnp_OrderInfo=Nop+phi+ho+so+1"
        "&vnp_TmnCode=DEMOTMN1&vnp_TxnRef=261202ABC"
    )
    assert sign(params, SECRET) == hand_hmac(data)


def test_vietnamese_text_is_signed_percent_encoded():
    params = {"vnp_OrderInfo": "Nộp phí", "vnp_Amount": "100"}
    data = "vnp_Amount=100&vnp_OrderInfo=N%E1%BB%99p+ph%C3%AD"
    assert sign(params, SECRET) == hand_hmac(data)


def test_payment_url_carries_amount_times_100_and_a_valid_signature():
    order = PaymentOrder(
        reference="261202ABC",
        amount=50000,
        description="Nop phi ho so 1",
        return_url="https://motcua.example.vn/thanh-toan/ket-qua/",
        client_address="203.0.113.9",
        created_at=datetime(2026, 12, 2, 10, 0, tzinfo=TZ),
        expires_at=datetime(2026, 12, 2, 10, 15, tzinfo=TZ),
    )
    url = gateway().payment_url(order)
    assert url.startswith("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?")
    query = dict(parse_qsl(urlsplit(url).query))
    assert query["vnp_Amount"] == "5000000"
    assert query["vnp_Version"] == "2.1.0"
    assert query["vnp_Command"] == "pay"
    assert query["vnp_CurrCode"] == "VND"
    assert query["vnp_CreateDate"] == "20261202100000"
    assert query["vnp_ExpireDate"] == "20261202101500"
    data = (
        "vnp_Amount=5000000&vnp_Command=pay&vnp_CreateDate=20261202100000"
        "&vnp_CurrCode=VND&vnp_ExpireDate=20261202101500&vnp_IpAddr=203.0.113.9"
        "&vnp_Locale=vn&vnp_OrderInfo=Nop+phi+ho+so+1&vnp_OrderType=other"
        "&vnp_ReturnUrl=https%3A%2F%2Fmotcua.example.vn%2Fthanh-toan%2Fket-qua%2F"
        "&vnp_TmnCode=DEMOTMN1&vnp_TxnRef=261202ABC&vnp_Version=2.1.0"
    )
    assert query["vnp_SecureHash"] == hand_hmac(data)


def signed(params):
    data = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    return {**params, "vnp_SecureHash": hand_hmac(data)}


CALLBACK = {
    "vnp_Amount": "5000000",
    "vnp_ResponseCode": "00",
    "vnp_TmnCode": "DEMOTMN1",
    "vnp_TransactionNo": "14271027",
    "vnp_TransactionStatus": "00",
    "vnp_TxnRef": "261202ABC",
}


def test_genuine_callback_is_read_in_dong():
    result = gateway().verify(signed(CALLBACK))
    assert result is not None
    assert (result.reference, result.amount, result.succeeded) == (
        "261202ABC",
        50000,
        True,
    )
    assert result.transaction_ref == "14271027"


def test_tampered_amount_breaks_the_signature():
    params = signed(CALLBACK)
    params["vnp_Amount"] = "100"
    assert gateway().verify(params) is None


def test_callback_signed_with_another_key_is_refused():
    data = "&".join(f"{k}={v}" for k, v in sorted(CALLBACK.items()))
    forged = {**CALLBACK, "vnp_SecureHash": hand_hmac(data, "guessed")}
    assert gateway().verify(forged) is None


def test_callback_without_signature_or_for_another_merchant_is_refused():
    assert gateway().verify(dict(CALLBACK)) is None
    assert gateway().verify(signed({**CALLBACK, "vnp_TmnCode": "OTHER"})) is None


def test_failed_and_cancelled_callbacks_are_not_successes():
    failed = gateway().verify(
        signed({**CALLBACK, "vnp_ResponseCode": "51", "vnp_TransactionStatus": "02"})
    )
    cancelled = gateway().verify(
        signed({**CALLBACK, "vnp_ResponseCode": "24", "vnp_TransactionStatus": "02"})
    )
    assert failed and not failed.succeeded and not failed.cancelled
    assert cancelled and not cancelled.succeeded and cancelled.cancelled


def test_fraction_of_a_dong_never_matches_an_amount():
    result = gateway().verify(signed({**CALLBACK, "vnp_Amount": "5000050"}))
    assert result is not None and result.amount == -1
