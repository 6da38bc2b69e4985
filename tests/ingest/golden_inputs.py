"""The golden table's inputs: documents as offices and news sites really have them, built here.

Each case is ``(file name, bytes, expected)``; the expected title, kind, date, places,
organisations, authors and tags are written from what the document says and the rules of
content/README.md (kind, titles) and ingest/tags.py (a topic term in the title, or three in the body).
"""
from __future__ import annotations

import subprocess

from tests.ingest.builders import docx_paragraph, docx_table, make_docx, make_pdf, make_scan

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------"


def iconv(text: str, encoding: str) -> bytes:
    """Encode with the system's iconv (the reference encoder of the legacy code pages)."""
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", encoding], input=text.encode("utf-8"),
                          capture_output=True, check=True).stdout


def letter(issuer: str, number: str, place_date: str, heading: str, body: str, signer: str,
           recipients: str = "- Như trên;\n- Lưu: VT.") -> str:
    """An official paper laid out as offices type it: letterhead, motto, number, date, heading,
    text, recipients and signature."""
    return (f"{issuer}\n-------\n{MOTTO}\n{number}\n{place_date}\n{heading}\n{body}\n"
            f"Nơi nhận:\n{recipients}\n{signer}")


def expect(title, kind, date, places=(), organizations=(), authors=(), tags=(), **more) -> dict:
    return {"title": title, "kind": kind, "date": date, "places": list(places),
            "organizations": list(organizations), "authors": list(authors), "tags": list(tags), **more}


CONG_VAN = letter(
    "UBND TỈNH NGHỆ AN\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 1245/SLĐTBXH-BVCSTE",
    "Nghệ An, ngày 15 tháng 5 năm 2024",
    "V/v tăng cường công tác phòng, chống đuối nước trẻ em dịp hè 2024",
    "Kính gửi: Ủy ban nhân dân các huyện, thành phố, thị xã.\n"
    "Mùa hè là thời điểm trẻ em có nguy cơ cao bị tai nạn khi đi tắm sông, suối. Để chủ động phòng "
    "ngừa, Sở Lao động - Thương binh và Xã hội đề nghị các địa phương tổ chức các lớp dạy bơi và "
    "kiểm tra các điểm có nguy cơ mất an toàn trên địa bàn tỉnh Nghệ An.",
    "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn Bình")
CONG_VAN_1258 = letter(
    "UBND TỈNH HÀ TĨNH\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 876/SLĐTBXH-TE",
    "Hà Tĩnh, ngày 02 tháng 4 năm 2023",
    "V/v triển khai Tháng hành động vì trẻ em năm 2023",
    "Kính gửi: Phòng Lao động - Thương binh và Xã hội các huyện, thành phố, thị xã.\n"
    "Thực hiện hướng dẫn của Bộ Lao động - Thương binh và Xã hội, Sở đề nghị các đơn vị xây dựng kế hoạch "
    "tổ chức các hoạt động tuyên truyền về quyền trẻ em tại huyện Hương Sơn và các địa phương khác.",
    "GIÁM ĐỐC\nTrần Thị Mai")
THONG_BAO = letter(
    "UBND TỈNH QUẢNG NINH\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 98/TB-SLĐTBXH",
    "Quảng Ninh, ngày 08 tháng 8 năm 2022",
    "THÔNG BÁO\nKết luận của Giám đốc Sở tại buổi làm việc về công tác chăm sóc trẻ em mồ côi",
    "Ngày 05/8/2022, Giám đốc Sở chủ trì buổi làm việc với các phòng chuyên môn về chăm sóc trẻ em mồ côi "
    "trên địa bàn thành phố Hạ Long. Giám đốc Sở kết luận như sau:\n"
    "1. Rà soát, lập danh sách trẻ em mồ côi cả cha và mẹ để hỗ trợ kịp thời.\n"
    "2. Phối hợp với Hội Liên hiệp Phụ nữ Việt Nam các cấp vận động nhận đỡ đầu trẻ em mồ côi.",
    "TL. GIÁM ĐỐC\nCHÁNH VĂN PHÒNG\nPhạm Văn Hải")
KE_HOACH = letter(
    "ỦY BAN NHÂN DÂN\nHUYỆN SƠN ĐỘNG", "Số: 215/KH-UBND", "Sơn Động, ngày 20 tháng 3 năm 2024",
    "KẾ HOẠCH\nPhòng, chống xâm hại trẻ em năm 2024",
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao nhận thức của cha mẹ và cộng đồng về phòng ngừa xâm hại trẻ em.\n"
    "2. Kịp thời phát hiện, can thiệp các trường hợp trẻ em bị xâm hại tại huyện Sơn Động, tỉnh Bắc Giang.\n"
    "II. NỘI DUNG\n1. Tuyên truyền trên hệ thống loa truyền thanh của các xã.\n"
    "2. Tổ chức tập huấn cho cộng tác viên trẻ em thôn, bản.",
    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHoàng Văn Tuấn")
BAO_CAO = letter(
    "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU", "Số: 301/BC-UBND", "Lai Châu, ngày 25 tháng 12 năm 2023",
    "BÁO CÁO\nKẾT QUẢ THỰC HIỆN CHÍNH SÁCH TRỢ GIÚP XÃ HỘI ĐỐI VỚI TRẺ EM NĂM 2023",
    "Năm 2023, toàn tỉnh Lai Châu chi trả trợ cấp xã hội hằng tháng cho 2.315 trẻ em có hoàn cảnh đặc "
    "biệt. Công tác chi trả được thực hiện qua Bưu điện, bảo đảm đúng đối tượng, kịp thời.",
    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Lương")
QD_CA_BIET = letter(
    "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN", "Số: 532/QĐ-UBND", "Điện Biên, ngày 10 tháng 6 năm 2024",
    "QUYẾT ĐỊNH\nVề việc thành lập Ban chỉ đạo công tác trẻ em tỉnh Điện Biên",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
    "QUYẾT ĐỊNH:\nĐiều 1. Thành lập Ban chỉ đạo công tác trẻ em tỉnh Điện Biên gồm 15 thành viên.\n"
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    "CHỦ TỊCH\nLò Văn Mừng", "- Như Điều 2;\n- Lưu: VT.")
QD_QPPL = letter(
    "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU", "Số: 12/2024/QĐ-UBND", "Cà Mau, ngày 05 tháng 7 năm 2024",
    "QUYẾT ĐỊNH\nBan hành Quy định mức hỗ trợ chăm sóc thay thế trẻ em trên địa bàn tỉnh Cà Mau",
    "ỦY BAN NHÂN DÂN TỈNH CÀ MAU\nCăn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;\nQUYẾT ĐỊNH:\n"
    "Điều 1. Ban hành kèm theo Quyết định này Quy định mức hỗ trợ đối với cá nhân, gia đình nhận chăm sóc "
    "thay thế trẻ em.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày 15 tháng 7 năm 2024.",
    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nHuỳnh Quốc Việt")
NQ_QPPL = letter(
    "HỘI ĐỒNG NHÂN DÂN\nTỈNH LÀO CAI", "Số: 05/2023/NQ-HĐND", "Lào Cai, ngày 14 tháng 7 năm 2023",
    "NGHỊ QUYẾT\nQuy định chính sách hỗ trợ trẻ em khuyết tật học hòa nhập trên địa bàn tỉnh Lào Cai",
    "HỘI ĐỒNG NHÂN DÂN TỈNH LÀO CAI\nCăn cứ Luật Người khuyết tật ngày 17 tháng 6 năm 2010;\nQUYẾT NGHỊ:\n"
    "Điều 1. Hỗ trợ 500.000 đồng mỗi tháng cho trẻ em khuyết tật học hòa nhập.\n"
    "Điều 2. Nghị quyết này có hiệu lực từ ngày 01 tháng 9 năm 2023.",
    "CHỦ TỊCH\nVũ Xuân Cường")
CHI_THI = letter(
    "ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA", "Số: 09/CT-UBND", "Thanh Hóa, ngày 17 tháng 5 năm 2023",
    "CHỈ THỊ\nVề tăng cường công tác bảo vệ trẻ em trên môi trường mạng",
    "Thời gian qua, tình trạng trẻ em bị dụ dỗ, lừa đảo qua mạng xã hội diễn biến phức tạp. Chủ tịch "
    "Ủy ban nhân dân tỉnh Thanh Hóa yêu cầu Sở Giáo dục và Đào tạo hướng dẫn học sinh kỹ năng an toàn "
    "khi sử dụng internet.",
    "CHỦ TỊCH\nĐỗ Minh Tuấn")
BAO_CAO_PDF = ["UBND HUYỆN HƯƠNG SƠN", "PHÒNG LAO ĐỘNG - TB&XH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
               "Độc lập - Tự do - Hạnh phúc", "Hương Sơn, ngày 10 tháng 1 năm 2024", "BÁO CÁO",
               "KẾT QUẢ CÔNG TÁC PHÒNG, CHỐNG ĐUỐI NƯỚC TRẺ EM NĂM 2023", "",
               "Năm 2023, huyện Hương Sơn tổ chức 12 lớp dạy bơi cho 640 trẻ em.",
               "Không để xảy ra trường hợp trẻ em tử vong do đuối nước."]
# Latin acronyms are where Tesseract's Vietnamese model errs on a speckled scan (it reads "UNICEF" as
# "UNICEE"), so the scans name organisations in Vietnamese.
SCAN_LINES = ["Kế hoạch hỗ trợ trẻ em sau bão lũ tại Yên Bái", "",
              "Ngày 15/9/2024, Hội Chữ thập đỏ Việt Nam phối hợp với Quỹ Bảo",
              "trợ trẻ em Việt Nam trao 500 suất quà cho trẻ em bị ảnh hưởng",
              "bởi bão lũ tại các huyện của tỉnh Yên Bái; mỗi suất gồm sách vở",
              "và đồ dùng học tập."]
SCAN_NEWS = ["Hội nghị tập huấn về quản lý trường hợp tại Cao Bằng", "",
             "Ngày 21/10/2023, Sở Lao động - Thương binh và Xã hội tỉnh Cao Bằng",
             "tổ chức hội nghị tập huấn cho 80 cán bộ làm công tác trẻ em cấp xã",
             "về quy trình hỗ trợ, can thiệp trẻ em bị bạo lực, xâm hại."]
GUIDE_DOCX = make_docx(
    docx_paragraph("Sổ tay hướng dẫn trợ giúp pháp lý cho trẻ em", "Title"),
    docx_paragraph("Các bước thực hiện", "u1"),
    docx_paragraph("Tiếp nhận yêu cầu của trẻ em hoặc người đại diện;", numbered=True, num_id=2),
    docx_paragraph("Kiểm tra giấy tờ chứng minh là người được trợ giúp pháp lý;", numbered=True, num_id=2),
    docx_paragraph("Phân công trợ giúp viên pháp lý.", numbered=True, num_id=2),
    docx_paragraph("Trung tâm trợ giúp pháp lý nhà nước tỉnh Bình Định tiếp nhận yêu cầu tại trụ sở."),
    docx_table([["STT", "Việc", "Thời hạn"], ["1", "Tiếp nhận", "Trong ngày"], ["2", "Phân công", "2 ngày"]]))
PLAN_DOCX = make_docx(*[docx_paragraph(t) for t in [
    "ỦY BAN NHÂN DÂN", "HUYỆN BẮC MÊ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "Số: 88/KH-UBND", "Bắc Mê, ngày 03 tháng 2 năm 2025", "KẾ HOẠCH", "Phòng, chống tảo hôn năm 2025"]],
    docx_paragraph("Mục đích", "u1"),
    docx_paragraph("Giảm số cặp tảo hôn trên địa bàn huyện Bắc Mê, tỉnh Hà Giang.", numbered=True, num_id=2),
    docx_paragraph("Không để xảy ra hôn nhân cận huyết thống.", numbered=True, num_id=2),
    docx_paragraph("Ở các xã vùng cao:", numbered=True, num_id=2, level=1),
    docx_paragraph("Tuyên truyền tại chợ phiên.", numbered=True, num_id=2, level=1))
WORKSHOP_DOCX = make_docx(
    docx_paragraph("Hội thảo chia sẻ kinh nghiệm mô hình thăm hộ gia đình", "Title"),
    docx_paragraph("Ngày 14/11/2019, tại Hà Nội, Cục Trẻ em phối hợp với tổ chức Plan International tổ chức "
                   "hội thảo với sự tham gia của 60 đại biểu đến từ các tỉnh Quảng Trị và Kon Tum."),
    docx_table([["Tỉnh", "Số hộ được thăm"], ["Quảng Trị", "1.250"], ["Kon Tum", "980"]]))


def html_page(title: str, paragraphs: list[str], head: str = "", charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html><head><meta charset="{charset}"><title>{title} | Báo tỉnh</title>{head}'
            f'</head><body><nav><a href="/">Trang chủ</a> <a href="/xa-hoi">Xã hội</a></nav><article>'
            f'<h1>{title}</h1>{body}<div class="share">Chia sẻ Facebook Zalo</div></article>'
            f'<aside><h3>Tin liên quan</h3><ul><li>Khai mạc Tháng hành động vì trẻ em</li></ul></aside>'
            f'<footer>© 2024 Báo tỉnh. Bản quyền thuộc về Báo tỉnh.</footer></body></html>')


NEWS_END_BYLINE = html_page(
    "Trao 200 xe đạp cho học sinh nghèo vượt khó ở Quảng Bình",
    ["Sáng 12/9/2023, Hội Khuyến học tỉnh phối hợp với Quỹ Bảo trợ trẻ em Việt Nam trao 200 xe đạp cho "
     "học sinh có hoàn cảnh khó khăn tại tỉnh Quảng Bình.",
     "Mỗi chiếc xe trị giá 2 triệu đồng, giúp các em đến trường thuận tiện hơn trong năm học mới.",
     "<strong>Thu Hà</strong>"])
NEWS_START_BYLINE = html_page(
    "Khánh thành điểm vui chơi cho trẻ em tại Đà Nẵng",
    ["<em>Bài và ảnh: Minh Đức</em>",
     "Ngày 1/6/2024, Ủy ban nhân dân quận Hải Châu khánh thành điểm vui chơi miễn phí cho trẻ em tại "
     "thành phố Đà Nẵng, với sân chơi, thư viện và khu tập thể dục.",
     "Công trình do các doanh nghiệp trên địa bàn đóng góp 1,2 tỷ đồng."])
NEWS_SOURCE = html_page(
    "Bắc Ninh: 15 trẻ em được phẫu thuật tim miễn phí",
    ["Từ ngày 5 đến 8/3/2024, Sở Y tế tỉnh Bắc Ninh phối hợp với bệnh viện trung ương khám sàng lọc tim "
     "bẩm sinh cho 400 trẻ em; 15 em được phẫu thuật miễn phí.",
     "Chương trình được duy trì hằng năm nhằm giúp các gia đình khó khăn.", "(Theo Báo Bắc Ninh)"])
NEWS_1258 = html_page(
    "Sóc Trăng hỗ trợ sinh kế cho gia đình có trẻ em nghèo",
    ["Ngày 20/10/2022, Hội Liên hiệp Phụ nữ Việt Nam tỉnh Sóc Trăng trao 50 con bò giống cho các gia "
     "đình có trẻ em thuộc hộ nghèo.", "Các hộ được hướng dẫn kỹ thuật chăn nuôi để thoát nghèo bền vững.",
     "Ngọc Lan - Hữu Phước"], charset="windows-1258")
NEWS_TEXT = ("Tiếp sức đến trường cho trẻ em vùng cao Hà Giang\n\n"
             "Chuyển tới nội dung\n\n"
             "Ngày 28/8/2023, Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Hà Giang trao 300 bộ quần áo ấm cho học "
             "sinh các điểm trường vùng cao.\n\n"
             "Các đoàn viên còn sửa chữa phòng học và làm đường vào điểm trường.\n\n"
             "Hồng Nhung\n\nBình luận\n\nGửi bình luận của bạn")
WORKSHOP_TEXT = ("Hội thảo về phòng, chống bạo lực học đường tại Hải Phòng\n\n"
                 "Ngày 16/4/2024, Sở Giáo dục và Đào tạo thành phố Hải Phòng tổ chức hội thảo với 120 giáo viên "
                 "tham dự, chia sẻ cách nhận biết và xử lý các vụ việc ở trường.\n\n"
                 "Các đại biểu kiến nghị thành lập tổ tư vấn tâm lý ở mỗi trường trung học.")
GUIDANCE_TCVN3 = ("Hướng dẫn quy trình tiếp nhận thông tin về trẻ em bị bạo lực\n\n"
                  "Khi nhận được thông tin qua Tổng đài điện thoại quốc gia bảo vệ trẻ em, cán bộ cấp xã phải "
                  "xác minh trong vòng 12 giờ và báo cáo Ủy ban nhân dân cấp xã.\n\n"
                  "Ban hành ngày 06/6/2022 tại tỉnh Nam Định.")
CRAWLED_TABLE = ("Kết quả hỗ trợ trẻ em bị ảnh hưởng bởi bão số 3 tại Yên Bái\n\n"
                 "Ngày 20/9/2024, Sở Lao động - Thương binh và Xã hội tỉnh Yên Bái tổng hợp kết quả như sau:\n\n"
                 "**STT**\n\n**Huyện**\n\n**Số trẻ em**\n\n1\n\nLục Yên\n\n412\n\n2\n\nVăn Yên\n\n298\n\n"
                 "Các địa phương tiếp tục theo dõi, hỗ trợ trẻ em.")
EDITOR_MARKDOWN = ("---\ntitle: Ra mắt câu lạc bộ quyền trẻ em tại Phú Thọ\ndate: 2021-11-20\n"
                   "authors: [Lê Thu Trang]\n---\n"
                   "Câu lạc bộ do Hội Bảo vệ quyền trẻ em Việt Nam hỗ trợ, sinh hoạt hằng tháng tại trường học "
                   "của tỉnh Phú Thọ.")

CASES = [
    ("cong-van.txt", CONG_VAN.encode(), expect(
        "Công văn 1245/SLĐTBXH-BVCSTE về việc tăng cường công tác phòng, chống đuối nước trẻ em dịp hè 2024",
        "admin", "2024-05-15", ["Nghệ An"], ["Ủy ban nhân dân", "Sở Lao động - Thương binh và Xã hội"],
        tags=["duoi-nuoc-thuong-tich"])),
    ("cong-van-1258.txt", iconv(CONG_VAN_1258, "CP1258"), expect(
        "Công văn 876/SLĐTBXH-TE về việc triển khai Tháng hành động vì trẻ em năm 2023", "admin", "2023-04-02",
        ["Hương Sơn"], ["Phòng Lao động - Thương binh và Xã hội", "Bộ Lao động - Thương binh và Xã hội"])),
    ("cong-van-tcvn3.txt", iconv(CONG_VAN, "TCVN5712-1"), expect(
        "Công văn 1245/SLĐTBXH-BVCSTE về việc tăng cường công tác phòng, chống đuối nước trẻ em dịp hè 2024",
        "admin", "2024-05-15", ["Nghệ An"], ["Ủy ban nhân dân", "Sở Lao động - Thương binh và Xã hội"],
        tags=["duoi-nuoc-thuong-tich"])),
    ("thong-bao.txt", THONG_BAO.encode(), expect(
        "Thông báo 98/TB-SLĐTBXH kết luận của Giám đốc Sở tại buổi làm việc về công tác chăm sóc trẻ em mồ côi",
        "admin", "2022-08-08", ["Hạ Long"], ["Hội Liên hiệp Phụ nữ Việt Nam"], tags=["hoan-canh-dac-biet"])),
    ("ke-hoach.txt", KE_HOACH.encode(), expect(
        "Kế hoạch 215/KH-UBND phòng, chống xâm hại trẻ em năm 2024", "admin", "2024-03-20",
        ["Sơn Động", "Bắc Giang"], tags=["xam-hai-bao-luc"])),
    ("bao-cao.txt", BAO_CAO.encode(), expect(
        "Báo cáo 301/BC-UBND kết quả thực hiện chính sách trợ giúp xã hội đối với trẻ em năm 2023", "admin",
        "2023-12-25", ["Lai Châu"], tags=["tro-giup-xa-hoi"])),
    ("bao-cao.pdf", make_pdf(BAO_CAO_PDF), expect(
        "Báo cáo kết quả công tác phòng, chống đuối nước trẻ em năm 2023", "admin", "2024-01-10",
        ["Hương Sơn"], tags=["duoi-nuoc-thuong-tich"])),
    ("qd-ca-biet.txt", QD_CA_BIET.encode(), expect(
        "Quyết định 532/QĐ-UBND về việc thành lập Ban chỉ đạo công tác trẻ em tỉnh Điện Biên", "admin",
        "2024-06-10", ["Điện Biên"])),
    ("qd-qppl.txt", QD_QPPL.encode(), expect(
        "Quyết định 12/2024/QĐ-UBND ban hành Quy định mức hỗ trợ chăm sóc thay thế trẻ em trên địa bàn tỉnh "
        "Cà Mau", "law", "2024-07-05", ["Cà Mau"], tags=["cham-soc-thay-the"])),
    ("nq-qppl.txt", NQ_QPPL.encode(), expect(
        "Nghị quyết 05/2023/NQ-HĐND quy định chính sách hỗ trợ trẻ em khuyết tật học hòa nhập trên địa bàn "
        "tỉnh Lào Cai", "law", "2023-07-14", ["Lào Cai"], tags=["khuyet-tat"])),
    ("chi-thi.txt", CHI_THI.encode(), expect(
        "Chỉ thị 09/CT-UBND về tăng cường công tác bảo vệ trẻ em trên môi trường mạng", "admin", "2023-05-17",
        ["Thanh Hóa"], ["Ủy ban nhân dân", "Sở Giáo dục và Đào tạo"], tags=["moi-truong-mang"])),
    ("scan-ke-hoach.pdf", make_scan([SCAN_LINES]), expect(
        "Kế hoạch hỗ trợ trẻ em sau bão lũ tại Yên Bái", "admin", "2024-09-15", ["Yên Bái"],
        ["Hội Chữ thập đỏ Việt Nam", "Quỹ Bảo trợ trẻ em Việt Nam"], tags=["thien-tai-khan-cap"], ocr=True)),
    ("scan-hoi-nghi.pdf", make_scan([SCAN_NEWS], angle=1.2, seed=7), expect(
        "Hội nghị tập huấn về quản lý trường hợp tại Cao Bằng", "workshop", "2023-10-21", ["Cao Bằng"],
        ["Sở Lao động - Thương binh và Xã hội"], tags=["quan-ly-truong-hop", "tap-huan"], ocr=True)),
    ("so-tay.docx", GUIDE_DOCX, expect(
        "Sổ tay hướng dẫn trợ giúp pháp lý cho trẻ em", "guidance", "", ["Bình Định"], tags=["tro-giup-phap-ly"])),
    ("ke-hoach.docx", PLAN_DOCX, expect(
        "Kế hoạch 88/KH-UBND phòng, chống tảo hôn năm 2025", "admin", "2025-02-03", ["Bắc Mê", "Hà Giang"],
        tags=["hon-nhan-gia-dinh"])),
    ("hoi-thao.docx", WORKSHOP_DOCX, expect(
        "Hội thảo chia sẻ kinh nghiệm mô hình thăm hộ gia đình", "workshop", "2019-11-14",
        ["Hà Nội", "Quảng Trị", "Kon Tum"], ["Cục Trẻ em", "Plan International"], tags=["tham-ho"])),
    ("tin-xe-dap.html", NEWS_END_BYLINE.encode(), expect(
        "Trao 200 xe đạp cho học sinh nghèo vượt khó ở Quảng Bình", "news", "2023-09-12", ["Quảng Bình"],
        ["Quỹ Bảo trợ trẻ em Việt Nam"], ["Thu Hà"], ["giao-duc"])),
    ("tin-vui-choi.html", NEWS_START_BYLINE.encode(), expect(
        "Khánh thành điểm vui chơi cho trẻ em tại Đà Nẵng", "news", "2024-06-01", ["Đà Nẵng"],
        ["Ủy ban nhân dân"], ["Minh Đức"])),
    ("tin-tim.html", NEWS_SOURCE.encode(), expect(
        "Bắc Ninh: 15 trẻ em được phẫu thuật tim miễn phí", "news", "2024-03-05", ["Bắc Ninh"], ["Sở Y tế"],
        source={"publisher": "Báo Bắc Ninh"})),
    ("tin-soc-trang.html", iconv(NEWS_1258, "CP1258"), expect(
        "Sóc Trăng hỗ trợ sinh kế cho gia đình có trẻ em nghèo", "news", "2022-10-20", ["Sóc Trăng"],
        ["Hội Liên hiệp Phụ nữ Việt Nam"], ["Ngọc Lan", "Hữu Phước"], ["giam-ngheo"])),
    ("tin-ha-giang.txt", NEWS_TEXT.encode(), expect(
        "Tiếp sức đến trường cho trẻ em vùng cao Hà Giang", "news", "2023-08-28", ["Hà Giang"],
        ["Đoàn Thanh niên Cộng sản Hồ Chí Minh"], ["Hồng Nhung"])),
    ("hoi-thao.txt", WORKSHOP_TEXT.encode(), expect(
        "Hội thảo về phòng, chống bạo lực học đường tại Hải Phòng", "workshop", "2024-04-16", ["Hải Phòng"],
        ["Sở Giáo dục và Đào tạo"], tags=["bao-luc-hoc-duong"])),
    ("huong-dan-tcvn3.txt", iconv(GUIDANCE_TCVN3, "TCVN5712-1"), expect(
        "Hướng dẫn quy trình tiếp nhận thông tin về trẻ em bị bạo lực", "guidance", "2022-06-06", ["Nam Định"],
        ["Tổng đài điện thoại quốc gia bảo vệ trẻ em", "Ủy ban nhân dân"], tags=["xam-hai-bao-luc"])),
    ("bang-bao-so-3.txt", CRAWLED_TABLE.encode(), expect(
        "Kết quả hỗ trợ trẻ em bị ảnh hưởng bởi bão số 3 tại Yên Bái", "news", "2024-09-20", ["Yên Bái"],
        ["Sở Lao động - Thương binh và Xã hội"])),
    ("cau-lac-bo.md", EDITOR_MARKDOWN.encode(), expect(
        "Ra mắt câu lạc bộ quyền trẻ em tại Phú Thọ", "news", "2021-11-20", ["Phú Thọ"],
        ["Hội Bảo vệ quyền trẻ em Việt Nam"], ["Lê Thu Trang"], ["quyen-tre-em"])),
]
